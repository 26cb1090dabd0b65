import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/lib/db/client.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../src/lib/db/migrate.js';

// Prisma Migrate has no down migrations (a change is undone by a new migration), so these check
// that the migrations build the schema on an empty database, once, the same way everywhere.

const APP_TABLES = ['posts', 'refresh_tokens', 'users'];

async function appTables(database: Database): Promise<string[]> {
  const rows = await database.db.$queryRaw<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name = any(${APP_TABLES})
    order by table_name`;
  return rows.map((row) => row.name);
}

/** Columns and index definitions of the app's tables. */
async function schemaOf(database: Database) {
  const columns = await database.db.$queryRaw<Record<string, string>[]>`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns
    where table_schema = current_schema() and table_name = any(${APP_TABLES})
    order by table_name, column_name`;
  const indexes = await database.db.$queryRaw<{ indexdef: string }[]>`
    select indexdef from pg_indexes
    where schemaname = current_schema() and tablename = any(${APP_TABLES})
    order by indexname`;
  return { columns, indexes: indexes.map((index) => index.indexdef) };
}

async function recorded(database: Database) {
  return database.db.$queryRaw<{ name: string; checksum: string }[]>`
    select migration_name as name, checksum from _prisma_migrations
    where finished_at is not null and rolled_back_at is null
    order by migration_name`;
}

/** Each migration of prisma/migrations with the SHA-256 checksum Prisma Migrate records. */
async function committed() {
  const entries = await readdir(MIGRATIONS_FOLDER, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  return Promise.all(
    names.sort().map(async (name) => {
      const script = await readFile(join(MIGRATIONS_FOLDER, name, 'migration.sql'));
      return { name, checksum: createHash('sha256').update(script).digest('hex') };
    }),
  );
}

const embedded = () => createDatabase({ url: undefined, poolMax: 1, inMemory: true });

describe('migrations', () => {
  it('apply to an empty PGlite once, recorded as Prisma Migrate records them', async () => {
    const database = embedded();
    try {
      expect(await appTables(database)).toEqual([]);
      await runMigrations(database);
      expect(await appTables(database)).toEqual(APP_TABLES);
      await runMigrations(database); // nothing pending: a no-op
      expect(await recorded(database)).toEqual(await committed());
    } finally {
      await database.close();
    }
  }, 60_000);

  const url = process.env.DATABASE_URL;
  // The shared test database is already migrated, so on a server these run in a throwaway
  // database, dropped afterwards.
  describe.runIf(url !== undefined && url !== '')('on DATABASE_URL', () => {
    const name = `migrations_test_${randomUUID().replaceAll('-', '')}`;
    const admin = createDatabase({ url, poolMax: 1, inMemory: true });

    afterAll(async () => {
      await admin.db.$executeRawUnsafe(`drop database if exists "${name}" with (force)`);
      await admin.close();
    });

    it('prisma migrate deploy builds the schema the embedded database gets', async () => {
      await admin.db.$executeRawUnsafe(`create database "${name}"`);
      const scoped = new URL(url ?? '');
      scoped.pathname = `/${name}`;
      const server = createDatabase({ url: scoped.toString(), poolMax: 1, inMemory: true });
      const local = embedded();
      try {
        await runMigrations(server);
        await runMigrations(local);
        expect(await appTables(server)).toEqual(APP_TABLES);
        expect(await schemaOf(server)).toEqual(await schemaOf(local));
        expect(await recorded(server)).toEqual(await committed());
      } finally {
        await Promise.all([server.close(), local.close()]);
      }
    }, 60_000);

    it('leaves nothing in prisma/schema.prisma without a migration', async () => {
      // Exits 2 with the missing SQL when the schema and the migrations differ.
      await promisify(execFile)(
        'npx',
        [
          '--no-install',
          'prisma',
          'migrate',
          'diff',
          '--from-migrations',
          'prisma/migrations',
          '--to-schema',
          'prisma/schema.prisma',
          '--exit-code',
        ],
        { env: { ...process.env, DATABASE_URL: url } },
      );
    }, 60_000);
  });
});
