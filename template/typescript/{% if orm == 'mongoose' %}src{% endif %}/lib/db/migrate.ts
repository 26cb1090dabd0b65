import { loadDotEnv } from '../../config/env.js';
import { createDatabase, type Database } from './client.js';
import { exitIfUnavailable, serverOf } from './mongodb.js';

/**
 * Creates the collections and makes their indexes match the schemas of models.ts: builds the
 * missing ones and drops those no schema declares any more. Safe to run any number of times.
 */
export async function runMigrations(database: Database): Promise<void> {
  await database.db.syncIndexes();
}

/** `tsx src/lib/db/migrate.ts`, or `node dist/lib/db/migrate.js` in the image. */
async function main(): Promise<void> {
  loadDotEnv();
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set: it names the MongoDB database to migrate\n');
    process.exitCode = 1;
    return;
  }
  const database = createDatabase({ url, poolMax: 1 });
  try {
    await database.connect();
    // Per model, the names of the indexes it dropped.
    const dropped = Object.values(await database.db.syncIndexes()).flat();
    const summary = dropped.length > 0 ? `dropped ${dropped.join(', ')}` : 'none dropped';
    console.log(`Indexes in sync with models.ts (${serverOf(url)}): ${summary}.`);
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  await main().catch(exitIfUnavailable);
}
