import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/lib/db/client.js';
import { runMigrations } from '../src/lib/db/migrate.js';
import { migrations } from '../src/lib/db/migrations/index.js';
import { collections } from '../src/lib/db/schema.js';
import { testEnv } from './helpers.js';

// A database of its own on the DATABASE_URL server, dropped afterwards: the other test files
// share the migrated test database.
const server = createDatabase({ url: testEnv().DATABASE_URL, poolMax: 2 });
const database: Database = {
  ...server,
  db: server.db.client.db(`migrations_test_${randomUUID().slice(0, 8)}`),
};
const { db } = database;

beforeAll(async () => {
  await database.connect();
});

afterAll(async () => {
  await db.dropDatabase();
  await database.close();
});

const indexNames = async (collection: string) =>
  (await db.collection(collection).indexes()).map((index) => index.name).sort();

const user = () => ({
  _id: randomUUID(),
  email: `${randomUUID()}@example.com`,
  name: 'Ada',
  passwordHash: 'hash',
  role: 'user' as const,
  createdAt: new Date(),
});

describe('migrations', () => {
  it('create the collections and indexes, record themselves, and run once', async () => {
    await runMigrations(database);
    await runMigrations(database);
    const applied = await db.collection<{ _id: string }>('migrations').find().toArray();
    expect(applied.map((migration) => migration._id)).toEqual(migrations.map(({ name }) => name));
    expect(await indexNames('users')).toEqual(['_id_', 'users_email_unique']);
    expect(await indexNames('posts')).toEqual(['_id_', 'posts_author_id', 'posts_created_at']);
    expect(await indexNames('refreshTokens')).toEqual([
      '_id_',
      'refresh_tokens_expires_at_ttl',
      'refresh_tokens_family_id',
      'refresh_tokens_token_hash_unique',
      'refresh_tokens_user_id',
    ]);
  });

  it('make emails unique whatever their case', async () => {
    const { users } = collections(db);
    const ada = user();
    await users.insertOne(ada);
    await expect(
      users.insertOne({ ...user(), email: ada.email.toUpperCase() }),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it('validate documents', async () => {
    const users = db.collection<{ _id: string; email: string; role: string }>('users');
    await expect(
      users.insertOne({ _id: randomUUID(), email: 'root@example.com', role: 'root' }),
    ).rejects.toMatchObject({ code: 121 }); // DocumentValidationFailure
  });
});
