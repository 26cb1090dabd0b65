import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './client.js';

/** prisma/migrations, written by `prisma migrate dev`; found from src/ and dist/ alike. */
export const MIGRATIONS_FOLDER = fileURLToPath(
  new URL('../../../prisma/migrations', import.meta.url),
);

/**
 * Applies every pending migration of prisma/migrations. A server is migrated by Prisma Migrate
 * itself (`prisma migrate deploy`, what `npm run db:migrate` runs). The Prisma CLI cannot reach
 * the embedded PGlite database, so there the same files are applied in process, each in its own
 * transaction, and recorded in `_prisma_migrations` the way Prisma Migrate records them.
 */
export async function runMigrations({ migrationTarget }: Database): Promise<void> {
  if (typeof migrationTarget === 'string') {
    await promisify(execFile)('npx', ['--no-install', 'prisma', 'migrate', 'deploy'], {
      env: { ...process.env, DATABASE_URL: migrationTarget },
    });
  } else {
    await applyToPglite(migrationTarget);
  }
}

async function applyToPglite(pglite: PGlite): Promise<void> {
  // The table Prisma Migrate creates.
  await pglite.exec(`
    CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
  const applied = await pglite.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(applied.rows.map((row) => row.migration_name));
  const entries = await readdir(MIGRATIONS_FOLDER, { withFileTypes: true });
  const pending = entries
    .filter((entry) => entry.isDirectory() && !done.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  for (const name of pending) {
    const script = await readFile(join(MIGRATIONS_FOLDER, name, 'migration.sql'), 'utf8');
    await pglite.transaction(async (tx) => {
      await tx.exec(script);
      await tx.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), createHash('sha256').update(script).digest('hex'), name],
      );
    });
  }
}
