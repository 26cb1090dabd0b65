import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../src/lib/db/client.js';
import { MIGRATIONS_FOLDER } from '../src/lib/db/migrate.js';

/** The migrations a database has applied, as Prisma Migrate records them. */
export async function recorded(db: Db) {
  return db.$queryRaw<{ name: string; checksum: string }[]>`
    select migration_name as name, checksum from _prisma_migrations
    where finished_at is not null and rolled_back_at is null
    order by migration_name`;
}

/** Each migration of prisma/migrations with the SHA-256 checksum Prisma Migrate records. */
export async function committed() {
  const entries = await readdir(MIGRATIONS_FOLDER, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  return Promise.all(
    names.sort().map(async (name) => {
      const script = await readFile(join(MIGRATIONS_FOLDER, name, 'migration.sql'));
      return { name, checksum: createHash('sha256').update(script).digest('hex') };
    }),
  );
}

/**
 * Prisma Migrate's drift check between prisma/migrations and prisma/schema.prisma: exits 2
 * with the missing SQL when they differ.
 */
export async function diffMigrationsWithSchema(env: NodeJS.ProcessEnv = process.env) {
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
    { env },
  );
}
