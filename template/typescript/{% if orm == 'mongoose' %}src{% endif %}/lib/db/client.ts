import { createConnection, type Connection } from 'mongoose';
import { modelsOf } from './models.js';
import {
  clientOptions,
  connectOrFail,
  type DatabaseOptions,
  type MongoDatabase,
} from './mongodb.js';

export type Db = Connection;

export type Database = MongoDatabase<Db>;

/** A Mongoose connection to DATABASE_URL, with the app's models. */
export function createDatabase(options: DatabaseOptions): Database {
  const connection = createConnection(options.url, {
    ...clientOptions(options),
    // Indexes are built by `npm run db:migrate`, not at every start (Mongoose's production advice).
    autoIndex: false,
    // Fail like the driver when the server is away, instead of queueing operations for 10 s. The
    // app awaits `connect()` before serving.
    bufferCommands: false,
    // Defence in depth: a `$` operator smuggled into a filter value is matched literally.
    sanitizeFilter: true,
  });
  // Errors reach the operations that fail and /ready; unhandled, a refused first connection
  // would end the process.
  connection.on('error', () => undefined);
  modelsOf(connection);
  return {
    db: connection,
    connect: () => connectOrFail(options.url, () => connection.asPromise()),
    ping: async () => {
      const { db } = await connection.asPromise();
      if (db === undefined) throw new Error('Not connected to MongoDB');
      await db.command({ ping: 1 });
    },
    close: () => connection.close(),
  };
}
