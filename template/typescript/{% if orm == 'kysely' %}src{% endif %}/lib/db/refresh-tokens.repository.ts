import { randomUUID } from 'node:crypto';
import type { RefreshToken, Role } from '../../types/domain.js';
import type { RefreshTokensRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import { fromDate, inTransaction, lockTokenRow, toDate } from './dialect.js';
import type { RefreshTokenRow } from './schema.js';

type StoredToken = Pick<
  RefreshTokenRow,
  'id' | 'user_id' | 'family_id' | 'expires_at' | 'revoked_at' | 'replaced_by'
>;

function toRefreshToken(row: StoredToken, userRole: Role): RefreshToken {
  return {
    id: row.id,
    userId: row.user_id,
    userRole,
    familyId: row.family_id,
    expiresAt: toDate(row.expires_at),
    revokedAt: row.revoked_at === null ? null : toDate(row.revoked_at),
    replacedBy: row.replaced_by,
  };
}

const tokenColumns = [
  'refresh_tokens.id',
  'refresh_tokens.user_id',
  'refresh_tokens.family_id',
  'refresh_tokens.expires_at',
  'refresh_tokens.revoked_at',
  'refresh_tokens.replaced_by',
] as const;

export function createRefreshTokensRepository(db: Db): RefreshTokensRepository {
  return {
    async create(token) {
      // The id is made here, and the rest is what was written: nothing to read back.
      const id = randomUUID();
      await db
        .insertInto('refresh_tokens')
        .values({
          id,
          user_id: token.userId,
          family_id: token.familyId,
          token_hash: token.tokenHash,
          expires_at: fromDate(token.expiresAt),
        })
        .execute();
      return {
        id,
        userId: token.userId,
        userRole: token.userRole,
        familyId: token.familyId,
        expiresAt: token.expiresAt,
        revokedAt: null,
        replacedBy: null,
      };
    },

    transaction(work) {
      return inTransaction(db, (tx) => work(createRefreshTokensRepository(tx)));
    },

    async findByHashForUpdate(tokenHash) {
      // The role is joined here: a separate users query outside `tx` would wait forever for a
      // connection the transaction holds (PGlite and the SQLite client have only one).
      const row = await db
        .selectFrom('refresh_tokens')
        .innerJoin('users', 'users.id', 'refresh_tokens.user_id')
        .select([...tokenColumns, 'users.role'])
        .where('refresh_tokens.token_hash', '=', tokenHash)
        .$call(lockTokenRow)
        .executeTakeFirst();
      return row && toRefreshToken(row, row.role);
    },

    async markReplaced(id, replacedBy) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: fromDate(new Date()), replaced_by: replacedBy })
        .where('id', '=', id)
        .execute();
    },

    async revoke(id) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: fromDate(new Date()) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async revokeFamily(familyId) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: fromDate(new Date()) })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
