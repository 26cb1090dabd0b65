import { sql } from 'kysely';
import { ConflictError } from '../errors.js';
import type { User, UserWithPassword } from '../../types/domain.js';
import type { NewUser, UsersRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './postgres.js';
import type { UserRow } from './schema.js';

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.created_at.toISOString(),
  };
}

export function createUsersRepository(db: Db): UsersRepository {
  return {
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async findByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
      return rows.map(toUser);
    },

    async findByEmailWithPassword(email): Promise<UserWithPassword | undefined> {
      // lower(email) matches the users_email_unique index.
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },

    async create(user: NewUser) {
      try {
        const row = await db
          .insertInto('users')
          .values({
            email: user.email,
            name: user.name,
            password_hash: user.passwordHash,
            role: user.role,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('Email is already registered');
        throw error;
      }
    },
  };
}
