import { NotFoundError } from '../lib/errors.js';
import type { User } from '../types/domain.js';
import type { UsersRepository } from '../types/repositories.js';

export interface UserService {
  getById(id: string): Promise<User>;
  /** The users with these ids, in no particular order; one query for many (batch loading). */
  findByIds(ids: readonly string[]): Promise<User[]>;
}

export function createUserService(users: UsersRepository): UserService {
  return {
    async getById(id) {
      const user = await users.findById(id);
      if (user === undefined) throw new NotFoundError('User not found');
      return user;
    },

    findByIds: (ids) => users.findByIds(ids),
  };
}
