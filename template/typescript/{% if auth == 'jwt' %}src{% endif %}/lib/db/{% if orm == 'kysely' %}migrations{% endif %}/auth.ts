import type { Migration } from 'kysely/migration';
import * as refreshTokens from './0003_refresh_tokens.js';

/** The migrations of the sign-in choice's own tables, named to run after the shared ones. */
export const authMigrations: Record<string, Migration> = {
  '0003_refresh_tokens': refreshTokens,
};

/** The tables those migrations make. */
export const authTables = ['refresh_tokens'];
