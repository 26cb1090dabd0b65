import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely/migration';
import { loadDotEnv, scriptDatabaseOptions } from '../../config/env.js';
import { createDatabase, type Database } from './client.js';
import { migrations } from './migrations/index.js';

function migrator(database: Database): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
}

/** Kysely's Migrator reports failures instead of throwing; make them throw. */
function check({ error, results = [] }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const what = failed === undefined ? 'Migrations' : `Migration ${failed.migrationName}`;
    throw new Error(`${what} failed`, { cause: error });
  }
  return results.map((result) => `${result.direction.toLowerCase()} ${result.migrationName}`);
}

type Direction = 'up' | 'down';

/** Returns what ran, e.g. `["up 0001_init"]`. */
async function migrate(database: Database, direction: Direction): Promise<string[]> {
  const runner = migrator(database);
  return check(
    direction === 'up' ? await runner.migrateToLatest() : await runner.migrateTo(NO_MIGRATIONS),
  );
}

/** Applies every pending migration. */
export async function runMigrations(database: Database): Promise<void> {
  await migrate(database, 'up');
}

/** Reverts every applied migration, newest first, leaving an empty schema. */
export async function rollbackMigrations(database: Database): Promise<void> {
  await migrate(database, 'down');
}

/** `tsx src/lib/db/migrate.ts [up|down]`, or `node dist/lib/db/migrate.js` in the image. */
async function main(direction: string): Promise<void> {
  if (direction !== 'up' && direction !== 'down') {
    throw new Error(`Unknown direction "${direction}": use up or down`);
  }
  loadDotEnv();
  const database = createDatabase(scriptDatabaseOptions());
  try {
    const ran = await migrate(database, direction);
    const summary = ran.length > 0 ? ran.join(', ') : 'nothing to do';
    console.log(`Migrations ${direction} (${database.kind}): ${summary}.`);
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  await main(process.argv[2] ?? 'up');
}
