import { and, eq, isNull } from 'drizzle-orm';
import type { RefreshToken, Role } from '../../types/domain.js';
import type { RefreshTokensRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import { refreshTokens, users } from './schema.js';

type RefreshTokenRow = typeof refreshTokens.$inferSelect;

function toRefreshToken(row: RefreshTokenRow, userRole: Role): RefreshToken {
  return {
    id: row.id,
    userId: row.userId,
    userRole,
    familyId: row.familyId,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    replacedBy: row.replacedBy,
  };
}

export function createRefreshTokensRepository(db: Db): RefreshTokensRepository {
  return {
    async create(token) {
      const { userRole, ...values } = token;
      const [row] = await db.insert(refreshTokens).values(values).returning();
      if (row === undefined) throw new Error('insert returned no row');
      return toRefreshToken(row, userRole);
    },

    transaction(work) {
      return db.transaction((tx) => work(createRefreshTokensRepository(tx as unknown as Db)));
    },

    async findByHashForUpdate(tokenHash) {
      const [row] = await db
        .select({ token: refreshTokens, role: users.role })
        .from(refreshTokens)
        .innerJoin(users, eq(users.id, refreshTokens.userId))
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .for('update', { of: refreshTokens });
      return row && toRefreshToken(row.token, row.role);
    },

    async markReplaced(id, replacedBy) {
      await db
        .update(refreshTokens)
        .set({ revokedAt: new Date(), replacedBy })
        .where(eq(refreshTokens.id, id));
    },

    async revoke(id) {
      await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.revokedAt)));
    },

    async revokeFamily(familyId) {
      await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    },
  };
}
