import { MongoServerError, type Db, type Document } from 'mongodb';
import { roles } from '../../../types/domain.js';
import { EMAIL_COLLATION } from '../mongodb.js';

/** Creates the collection with its validator, or puts the validator on an existing one. */
async function validatedCollection(db: Db, name: string, $jsonSchema: Document): Promise<void> {
  try {
    await db.createCollection(name, { validator: { $jsonSchema } });
  } catch (error) {
    const namespaceExists = error instanceof MongoServerError && error.code === 48;
    if (!namespaceExists) throw error;
    await db.command({ collMod: name, validator: { $jsonSchema } });
  }
}

const string = { bsonType: 'string' };
const date = { bsonType: 'date' };

/** Collections with $jsonSchema validators, and the indexes behind lookups and list orderings. */
export async function up(db: Db): Promise<void> {
  await validatedCollection(db, 'users', {
    bsonType: 'object',
    required: ['_id', 'email', 'name', 'passwordHash', 'role', 'createdAt'],
    properties: {
      _id: string,
      email: string,
      name: string,
      passwordHash: string,
      role: { enum: [...roles] },
      createdAt: date,
    },
  });
  await db
    .collection('users')
    .createIndexes([
      { key: { email: 1 }, name: 'users_email_unique', unique: true, collation: EMAIL_COLLATION },
    ]);

  await validatedCollection(db, 'posts', {
    bsonType: 'object',
    required: ['_id', 'title', 'content', 'published', 'authorId', 'createdAt', 'updatedAt'],
    properties: {
      _id: string,
      title: string,
      content: string,
      published: { bsonType: 'bool' },
      authorId: string,
      createdAt: date,
      updatedAt: date,
    },
  });
  await db.collection('posts').createIndexes([
    { key: { createdAt: -1, _id: -1 }, name: 'posts_created_at' },
    { key: { authorId: 1 }, name: 'posts_author_id' },
  ]);

  await validatedCollection(db, 'refreshTokens', {
    bsonType: 'object',
    required: [
      '_id',
      'userId',
      'familyId',
      'tokenHash',
      'expiresAt',
      'revokedAt',
      'replacedBy',
      'createdAt',
    ],
    properties: {
      _id: string,
      userId: string,
      familyId: string,
      tokenHash: string,
      expiresAt: date,
      revokedAt: { bsonType: ['date', 'null'] },
      replacedBy: { bsonType: ['string', 'null'] },
      createdAt: date,
    },
  });
  await db.collection('refreshTokens').createIndexes([
    { key: { tokenHash: 1 }, name: 'refresh_tokens_token_hash_unique', unique: true },
    { key: { userId: 1 }, name: 'refresh_tokens_user_id' },
    { key: { familyId: 1 }, name: 'refresh_tokens_family_id' },
    // MongoDB deletes a token once it has expired: it can no longer be used, nor reused.
    { key: { expiresAt: 1 }, name: 'refresh_tokens_expires_at_ttl', expireAfterSeconds: 0 },
  ]);
}
