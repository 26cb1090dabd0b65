import { createDatabase } from '../src/lib/db/client.js';
import { runMigrations } from '../src/lib/db/migrate.js';

/** Migrates a real test database once; the embedded one is migrated per test file. */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') return;
  const database = createDatabase({ url, poolMax: 1, inMemory: true });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
}
