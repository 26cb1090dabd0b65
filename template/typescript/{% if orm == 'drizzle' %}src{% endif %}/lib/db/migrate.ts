import { fileURLToPath } from 'node:url';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { loadDotEnv } from '../../config/env.js';
import { createDatabase, type Database } from './client.js';

/** SQL files written by `npm run db:generate` (drizzle-kit), relative to src/ and dist/ alike. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, config);
  } else {
    await migratePg(database.db as unknown as NodePgDatabase, config);
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  const database = createDatabase({
    url: process.env.DATABASE_URL || undefined,
    poolMax: 1,
    inMemory: false,
  });
  try {
    await runMigrations(database);
    console.log(`Migrations applied (${database.kind}).`);
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  await main();
}
