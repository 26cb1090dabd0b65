import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/lib/db/client.js';
import { runMigrations } from '../src/lib/db/migrate.js';
import { modelsOf } from '../src/lib/db/models.js';
import { testEnv } from './helpers.js';

// A database of its own on the DATABASE_URL server, dropped afterwards: the other test files
// share the migrated test database.
const server = createDatabase({ url: testEnv().DATABASE_URL, poolMax: 2 });
const database: Database = {
  ...server,
  db: server.db.useDb(`migrations_test_${randomUUID().slice(0, 8)}`),
};
const { db } = database;
const { User } = modelsOf(db);

beforeAll(async () => {
  await database.connect();
});

afterAll(async () => {
  await db.dropDatabase();
  await database.close();
});

const indexKeys = async (collection: string) =>
  (await db.collection(collection).indexes()).map((index) => JSON.stringify(index.key)).sort();

describe('migrations (syncIndexes)', () => {
  it('build the indexes the schemas declare, and nothing else', async () => {
    await runMigrations(database);
    expect(await indexKeys('users')).toEqual(['{"_id":1}', '{"email":1}']);
    expect(await indexKeys('posts')).toEqual([
      '{"_id":1}',
      '{"authorId":1}',
      '{"createdAt":-1,"_id":-1}',
    ]);
    expect(await indexKeys('refreshtokens')).toEqual([
      '{"_id":1}',
      '{"expiresAt":1}',
      '{"familyId":1}',
      '{"tokenHash":1}',
      '{"userId":1}',
    ]);
  });

  it('drop an index no schema declares, and are safe to repeat', async () => {
    await db.collection('users').createIndexes([{ key: { name: 1 } }]);
    await runMigrations(database);
    await runMigrations(database);
    expect(await indexKeys('users')).toEqual(['{"_id":1}', '{"email":1}']);
  });

  it('make emails unique whatever their case', async () => {
    const email = `${randomUUID()}@example.com`;
    const ada = { name: 'Ada', passwordHash: 'hash' };
    await User.create({ email, ...ada });
    await expect(User.create({ email: email.toUpperCase(), ...ada })).rejects.toMatchObject({
      code: 11000,
    });
  });
});
