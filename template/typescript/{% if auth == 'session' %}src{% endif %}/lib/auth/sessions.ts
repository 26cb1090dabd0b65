import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../types/domain.js';

/** A session lives this long after its last use (sliding expiry). */
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;
/** A session used in the last half of its life is extended by a whole TTL: one write per half. */
export const SESSION_RENEW_WITHIN_SECONDS = SESSION_TTL_SECONDS / 2;

/** A stored session: only the SHA-256 of its token, so a leaked table signs nobody in. */
export interface Session extends Principal {
  id: string;
  expiresAt: Date;
}

export interface NewSession {
  id: string;
  userId: string;
  expiresAt: Date;
}

export interface SessionsRepository {
  create(session: NewSession): Promise<void>;
  /** The session with this id, with its user's current role; undefined when unknown. */
  findById(id: string): Promise<Session | undefined>;
  extend(id: string, expiresAt: Date): Promise<void>;
  delete(id: string): Promise<void>;
  /** Sets the user's password hash and ends every session of the user, in one transaction. */
  replacePassword(userId: string, passwordHash: string): Promise<void>;
}

/** 256 random bits, base64url: the value of the session cookie. */
export const generateSessionToken = (): string => randomBytes(32).toString('base64url');

/** The id a session is stored under: the SHA-256 of its token, hex. */
export const sessionIdOf = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/**
 * The CSRF token of a session, derived from its token: another site can neither read nor
 * compute it, and it tells nothing about the session id.
 */
export const csrfTokenOf = (token: string): string =>
  createHash('sha256').update(`csrf:${token}`).digest('base64url');

export const expiresIn = (seconds: number): Date => new Date(Date.now() + seconds * 1000);
