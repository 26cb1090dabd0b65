import type { Migration } from 'kysely/migration';
import * as sessions from './0003_sessions.js';

/** The migrations of the sign-in choice's own tables, named to run after the shared ones. */
export const authMigrations: Record<string, Migration> = {
  '0003_sessions': sessions,
};

/** The tables those migrations make. */
export const authTables = ['sessions'];
