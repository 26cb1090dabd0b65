import { MongoClient, type Db } from 'mongodb';
import {
  clientOptions,
  connectOrFail,
  type DatabaseOptions,
  type MongoDatabase,
} from './mongodb.js';

/** The driver's `Db`: repositories reach the client through `db.client` for transactions. */
export type { Db };

export type Database = MongoDatabase<Db>;

/** A MongoClient for DATABASE_URL. It connects on first use; `connect()` checks at start. */
export function createDatabase(options: DatabaseOptions): Database {
  const client = new MongoClient(options.url, clientOptions(options));
  const db = client.db();
  return {
    db,
    connect: () => connectOrFail(options.url, () => client.connect()),
    ping: async () => {
      await db.command({ ping: 1 });
    },
    close: () => client.close(),
  };
}
