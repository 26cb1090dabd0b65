import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/lib/db/client.js';
import { rollbackMigrations, runMigrations } from '../src/lib/db/migrate.js';

const APP_TABLES = ['posts', 'refresh_tokens', 'users'];

async function appTables(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name = any(${APP_TABLES})
    order by table_name`.execute(database.db);
  return rows.map((row) => row.name);
}

function upDownUp(open: () => Database | Promise<Database>) {
  return async () => {
    const database = await open();
    try {
      await runMigrations(database);
      expect(await appTables(database)).toEqual(APP_TABLES);
      await runMigrations(database); // already at the latest: a no-op
      await rollbackMigrations(database);
      expect(await appTables(database)).toEqual([]);
      await runMigrations(database);
      expect(await appTables(database)).toEqual(APP_TABLES);
    } finally {
      await database.close();
    }
  };
}

/** Each test starts its own database, which takes as long as a hook (vitest.config.ts). */
const DATABASE_TEST_TIMEOUT_MS = 60_000;

describe('migrations', () => {
  it(
    'migrate up, roll back to empty and up again on PGlite',
    upDownUp(() => createDatabase({ url: undefined, poolMax: 1, inMemory: true })),
    DATABASE_TEST_TIMEOUT_MS,
  );

  const url = process.env.DATABASE_URL;
  // Rolling back the shared test database would break the test files running alongside, so on
  // a server this runs in a throwaway database, dropped afterwards.
  describe.runIf(url !== undefined && url !== '')('on DATABASE_URL', () => {
    const name = `migrations_test_${randomUUID().replaceAll('-', '')}`;
    const admin = createDatabase({ url, poolMax: 1, inMemory: true });

    afterAll(async () => {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
      await admin.close();
    });

    it(
      'migrate up, roll back to empty and up again in a separate database',
      upDownUp(async () => {
        await sql`create database ${sql.id(name)}`.execute(admin.db);
        const scoped = new URL(url ?? '');
        scoped.pathname = `/${name}`;
        return createDatabase({ url: scoped.toString(), poolMax: 1, inMemory: true });
      }),
      DATABASE_TEST_TIMEOUT_MS,
    );
  });
});
