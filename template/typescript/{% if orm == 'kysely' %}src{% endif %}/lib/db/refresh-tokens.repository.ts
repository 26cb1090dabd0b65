import type { RefreshToken, Role } from '../../types/domain.js';
import type { RefreshTokensRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
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
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
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
      const row = await db
        .insertInto('refresh_tokens')
        .values({
          user_id: token.userId,
          family_id: token.familyId,
          token_hash: token.tokenHash,
          expires_at: token.expiresAt,
        })
        .returning(tokenColumns)
        .executeTakeFirstOrThrow();
      return toRefreshToken(row, token.userRole);
    },

    transaction(work) {
      return db.transaction().execute((tx) => work(createRefreshTokensRepository(tx)));
    },

    async findByHashForUpdate(tokenHash) {
      // The role is joined here: a separate users query outside `tx` would wait forever for
      // PGlite's single connection, held by this transaction. `OF` locks the token row only.
      const row = await db
        .selectFrom('refresh_tokens')
        .innerJoin('users', 'users.id', 'refresh_tokens.user_id')
        .select([...tokenColumns, 'users.role'])
        .where('refresh_tokens.token_hash', '=', tokenHash)
        .forUpdate('refresh_tokens')
        .executeTakeFirst();
      return row && toRefreshToken(row, row.role);
    },

    async markReplaced(id, replacedBy) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: new Date(), replaced_by: replacedBy })
        .where('id', '=', id)
        .execute();
    },

    async revoke(id) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async revokeFamily(familyId) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: new Date() })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
