import type { Connection } from 'mongoose';
import { ConflictError } from '../errors.js';
import type { UsersRepository } from '../../types/users-repository.js';
import { modelsOf } from './models.js';
import { toUser } from './documents.js';
import { EMAIL_COLLATION, isDuplicateKeyError } from './mongodb.js';

export function createUsersRepository(connection: Connection): UsersRepository {
  const { User } = modelsOf(connection);
  return {
    async findById(id) {
      const document = await User.findById(id).lean();
      return document === null ? undefined : toUser(document);
    },

    async findByEmailWithPassword(email) {
      // The collation matches the unique email index: case-insensitive, and indexed.
      const document = await User.findOne({ email }).collation(EMAIL_COLLATION).lean();
      return document === null
        ? undefined
        : { ...toUser(document), passwordHash: document.passwordHash };
    },

    async create(user) {
      try {
        const document = await User.create({
          email: user.email,
          name: user.name,
          passwordHash: user.passwordHash,
          role: user.role,
        });
        return toUser(document);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new ConflictError('Email is already registered');
        throw error;
      }
    },
  };
}
