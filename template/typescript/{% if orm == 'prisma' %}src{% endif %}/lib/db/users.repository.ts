import { ConflictError } from '../errors.js';
import type { User, UserWithPassword } from '../../types/domain.js';
import type { NewUser, UsersRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import { Prisma, type User as UserRow } from './generated/client.js';

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
      const row = await db.user.findUnique({ where: { id } });
      return row === null ? undefined : toUser(row);
    },

    async findByEmailWithPassword(email): Promise<UserWithPassword | undefined> {
      // lower(email) matches the users_email_unique index; `mode: 'insensitive'` would compile
      // to ILIKE, which cannot use it.
      const [row] = await db.$queryRaw<UserRow[]>`
        SELECT id, email, name, role, password_hash AS "passwordHash", created_at AS "createdAt"
        FROM users WHERE lower(email) = ${email.toLowerCase()}`;
      return row && { ...toUser(row), passwordHash: row.passwordHash };
    },

    async create(user: NewUser) {
      try {
        const row = await db.user.create({
          data: {
            email: user.email,
            name: user.name,
            passwordHash: user.passwordHash,
            role: user.role,
          },
        });
        return toUser(row);
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new ConflictError('Email is already registered');
        }
        throw error;
      }
    },
  };
}
