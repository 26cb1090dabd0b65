export const roles = ['user', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** ISO 8601 timestamp. */
  createdAt: string;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Post {
  id: string;
  title: string;
  content: string;
  published: boolean;
  authorId: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** ISO 8601 timestamp. */
  updatedAt: string;
}

export interface RefreshToken {
  id: string;
  userId: string;
  /** The owner's current role, for the access token issued on rotation. */
  userRole: Role;
  familyId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
}

/** The authenticated caller, as carried by an access token. */
export interface Principal {
  userId: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  page: number;
  limit: number;
}
