import type { RefreshToken, Role } from '../../types/domain.js';
import type { RefreshTokensRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import type { Prisma, RefreshToken as RefreshTokenRow } from './generated/client.js';

type StoredToken = Pick<
  RefreshTokenRow,
  'id' | 'userId' | 'familyId' | 'expiresAt' | 'revokedAt' | 'replacedBy'
>;

function toRefreshToken(row: StoredToken, userRole: Role): RefreshToken {
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

const tokenFields = {
  id: true,
  userId: true,
  familyId: true,
  expiresAt: true,
  revokedAt: true,
  replacedBy: true,
} as const satisfies Prisma.RefreshTokenSelect;

/** The statements, on the client or on an interactive transaction's client. */
function statements(db: Prisma.TransactionClient): Omit<RefreshTokensRepository, 'transaction'> {
  return {
    async create(token) {
      const row = await db.refreshToken.create({
        data: {
          userId: token.userId,
          familyId: token.familyId,
          tokenHash: token.tokenHash,
          expiresAt: token.expiresAt,
        },
        select: tokenFields,
      });
      return toRefreshToken(row, token.userRole);
    },

    async findByHashForUpdate(tokenHash) {
      // Prisma's query API has no row locks: FOR UPDATE OF locks the token row only, and the
      // owner's role comes in the same statement.
      const [row] = await db.$queryRaw<(StoredToken & { role: Role })[]>`
        SELECT t.id, t.user_id AS "userId", t.family_id AS "familyId",
               t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
               t.replaced_by AS "replacedBy", u.role
        FROM refresh_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = ${tokenHash}
        FOR UPDATE OF t`;
      return row && toRefreshToken(row, row.role);
    },

    async markReplaced(id, replacedBy) {
      await db.refreshToken.update({
        where: { id },
        data: { revokedAt: new Date(), replacedBy },
      });
    },

    async revoke(id) {
      await db.refreshToken.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: new Date() },
      });
    },

    async revokeFamily(familyId) {
      await db.refreshToken.updateMany({
        where: { familyId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
    },
  };
}

export function createRefreshTokensRepository(db: Db): RefreshTokensRepository {
  return {
    ...statements(db),
    // An interactive transaction: every statement of `work` runs on one connection, committed
    // together or rolled back when `work` throws.
    transaction: (work) => db.$transaction((tx) => work(inTransaction(tx))),
  };
}

/** The repository bound to an open transaction; nested work joins it. */
function inTransaction(tx: Prisma.TransactionClient): RefreshTokensRepository {
  const repository: RefreshTokensRepository = {
    ...statements(tx),
    transaction: (work) => work(repository),
  };
  return repository;
}
