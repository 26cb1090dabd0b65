import type { Migration } from 'kysely/migration';

/** No sign-in, so no tables of its own: the shared migrations are all there is. */
export const authMigrations: Record<string, Migration> = {};

/** The tables those migrations make: none. */
export const authTables: string[] = [];
