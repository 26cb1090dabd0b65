import { loadDotEnv } from '../../config/env.js';
import { createDatabase, type Database } from './client.js';
import { migrations } from './migrations/index.js';
import { exitIfUnavailable, isDuplicateKeyError, serverOf } from './mongodb.js';

interface AppliedMigration {
  _id: string;
  appliedAt: Date;
}

/** Applies the migrations this database has not seen, in order; returns their names. */
async function migrate({ db }: Database): Promise<string[]> {
  const log = db.collection<AppliedMigration>('migrations');
  const applied = new Set(await log.distinct('_id'));
  const ran: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    try {
      await migration.up(db);
    } catch (error) {
      throw new Error(`Migration ${migration.name} failed`, { cause: error });
    }
    try {
      await log.insertOne({ _id: migration.name, appliedAt: new Date() });
    } catch (error) {
      // Another process applied it meanwhile; migrations are safe to repeat.
      if (!isDuplicateKeyError(error)) throw error;
    }
    ran.push(migration.name);
  }
  return ran;
}

/** Applies every pending migration (collections, validators, indexes). */
export async function runMigrations(database: Database): Promise<void> {
  await migrate(database);
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
    const ran = await migrate(database);
    const summary = ran.length > 0 ? ran.join(', ') : 'nothing to do';
    console.log(`Migrations (${serverOf(url)}): ${summary}.`);
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  await main().catch(exitIfUnavailable);
}
