import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { ConflictError } from '../errors.js';
import type { UsersRepository } from '../../types/users-repository.js';
import { EMAIL_COLLATION, isDuplicateKeyError } from './mongodb.js';
import { collections } from './schema.js';
import { toUser, type UserDocument } from './documents.js';

export function createUsersRepository(db: Db): UsersRepository {
  const { users } = collections(db);
  return {
    async findById(id) {
      const document = await users.findOne({ _id: id });
      return document === null ? undefined : toUser(document);
    },

    async findByEmailWithPassword(email) {
      // The collation matches the users_email_unique index: case-insensitive, and indexed.
      const document = await users.findOne({ email }, { collation: EMAIL_COLLATION });
      return document === null
        ? undefined
        : { ...toUser(document), passwordHash: document.passwordHash };
    },

    async create(user) {
      const document: UserDocument = {
        _id: randomUUID(),
        email: user.email,
        name: user.name,
        passwordHash: user.passwordHash,
        role: user.role ?? 'user',
        createdAt: new Date(),
      };
      try {
        await users.insertOne(document);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new ConflictError('Email is already registered');
        throw error;
      }
      return toUser(document);
    },
  };
}
