import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.js';
import { createPool, openPglite, type DatabaseOptions, type PostgresDatabase } from './postgres.js';

export type Db = PrismaClient;

export interface Database extends PostgresDatabase<Db> {
  /** What runMigrations migrates: the server's URL, or the embedded database itself. */
  migrationTarget: string | PGlite;
}

/** PostgreSQL through node-postgres when a URL is given, otherwise an embedded PGlite. */
export function createDatabase(options: DatabaseOptions): Database {
  if (options.url !== undefined) {
    const pool = createPool(options.url, options.poolMax);
    const db = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      db,
      kind: 'postgres',
      migrationTarget: options.url,
      ping: () => ping(db),
      close: async () => {
        // The adapter leaves a pool it was given open.
        await db.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  }

  const pglite = openPglite(options.inMemory);
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    db,
    kind: 'pglite',
    migrationTarget: pglite,
    ping: () => ping(db),
    close: async () => {
      await db.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function ping(db: Db): Promise<void> {
  await db.$queryRaw`select 1`;
}
