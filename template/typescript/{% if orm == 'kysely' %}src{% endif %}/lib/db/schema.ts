import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../../types/domain.js';

/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** Set by the database (DEFAULT now()), never written by the application. */
type CreatedAt = ColumnType<Date, never, never>;

/** Hand-written to match src/lib/db/migrations; update both together. */
export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  role: Defaulted<Role>;
  created_at: CreatedAt;
}

export interface PostsTable {
  id: Generated<string>;
  title: string;
  content: string;
  published: Defaulted<boolean>;
  author_id: string;
  created_at: CreatedAt;
  updated_at: Defaulted<Date>;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  replaced_by: string | null;
  created_at: CreatedAt;
}

export interface DB {
  users: UsersTable;
  posts: PostsTable;
  refresh_tokens: RefreshTokensTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type PostRow = Selectable<PostsTable>;
export type NewPostRow = Insertable<PostsTable>;
export type PostUpdate = Updateable<PostsTable>;
export type RefreshTokenRow = Selectable<RefreshTokensTable>;
