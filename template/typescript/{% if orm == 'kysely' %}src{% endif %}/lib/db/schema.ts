import type { ColumnType, Selectable } from 'kysely';
import type { Role } from '../../types/domain.js';
import type { AuthTables } from './auth-schema.js';
import type { DialectUserColumns, Flag, Timestamp } from './dialect.js';

// Ids are UUIDs made by the app, so every dialect inserts the same rows; the column types that
// differ by dialect (timestamps, booleans) come from src/lib/db/dialect.ts.

/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** Set by the database's default, never written by the application. */
export type CreatedAt = ColumnType<Timestamp, never, never>;

/** Hand-written to match src/lib/db/migrations; update both together. */
export type UsersTable = DialectUserColumns & {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Defaulted<Role>;
  created_at: CreatedAt;
};

export interface PostsTable {
  id: string;
  title: string;
  content: string;
  published: Defaulted<Flag>;
  author_id: string;
  created_at: CreatedAt;
  updated_at: Defaulted<Timestamp>;
}

/** Every table: the shared ones here, the sign-in choice's own in ./auth-schema.ts. */
export interface DB extends AuthTables {
  users: UsersTable;
  posts: PostsTable;
}

export type UserRow = Selectable<UsersTable>;
export type PostRow = Selectable<PostsTable>;
