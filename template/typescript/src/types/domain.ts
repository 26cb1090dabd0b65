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

/** The authenticated caller, as the sign-in choice's authenticator tells it. */
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
