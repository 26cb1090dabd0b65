import { eq, inArray, sql } from 'drizzle-orm';
import { ConflictError } from '../errors.js';
import type { User, UserWithPassword } from '../../types/domain.js';
import type { NewUser, UsersRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './postgres.js';
import { users } from './schema.js';

type UserRow = typeof users.$inferSelect;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createUsersRepository(db: Db): UsersRepository {
  return {
    async findById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row && toUser(row);
    },

    async findByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select()
        .from(users)
        .where(inArray(users.id, [...ids]));
      return rows.map(toUser);
    },

    async findByEmailWithPassword(email): Promise<UserWithPassword | undefined> {
      const [row] = await db
        .select()
        .from(users)
        .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
      return row && { ...toUser(row), passwordHash: row.passwordHash };
    },

    async create(user: NewUser) {
      try {
        const [row] = await db.insert(users).values(user).returning();
        if (row === undefined) throw new Error('insert returned no row');
        return toUser(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('Email is already registered');
        throw error;
      }
    },
  };
}
