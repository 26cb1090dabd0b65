import type { Principal } from '../types/domain.js';
import type { HeaderReader } from './headers.js';

/** The caller, or why the request counts as anonymous (the message of the 401 it may get). */
export type Authentication = { principal: Principal } | { principal: null; reason: string };

/**
 * The seam every sign-in choice fills: request credentials in, a principal or a reason out.
 * It knows no framework; the adapters (the REST middleware, the tRPC and GraphQL contexts)
 * only hand it the request's headers and turn a missing principal into a 401.
 */
export interface Authenticator {
  authenticate(header: HeaderReader): Promise<Authentication>;
}
