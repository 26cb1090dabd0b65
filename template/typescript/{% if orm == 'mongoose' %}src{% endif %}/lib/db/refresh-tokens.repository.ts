import type { ClientSession, Connection } from 'mongoose';
import type { RefreshTokensRepository } from '../../types/repositories.js';
import { modelsOf } from './models.js';
import { toRefreshToken } from './documents.js';

/** Every operation runs in `session` when given: the transaction of `transaction()`. */
export function createRefreshTokensRepository(
  connection: Connection,
  session?: ClientSession,
): RefreshTokensRepository {
  const { RefreshToken, User } = modelsOf(connection);
  return {
    async create(token) {
      const document = await new RefreshToken({
        userId: token.userId,
        familyId: token.familyId,
        tokenHash: token.tokenHash,
        expiresAt: token.expiresAt,
      }).save({ session });
      return toRefreshToken(document, token.userRole);
    },

    transaction(work) {
      // Connection#transaction retries `work` on a transient error such as a write conflict,
      // and needs a replica set (docker-compose.yml runs a single-node one).
      return connection.transaction((session) =>
        work(createRefreshTokensRepository(connection, session)),
      );
    },

    async findByHashForUpdate(tokenHash) {
      // MongoDB does not lock on read. Two transactions rotating the same token both write it
      // (markReplaced or revoke): the second fails with a write conflict, and the transaction
      // runs again, when it sees the token spent.
      const document = await RefreshToken.findOne({ tokenHash }, null, { session }).lean();
      if (document === null) return undefined;
      const owner = await User.findById(document.userId, { role: 1 }, { session }).lean();
      return owner === null ? undefined : toRefreshToken(document, owner.role);
    },

    async markReplaced(id, replacedBy) {
      await RefreshToken.updateOne({ _id: id }, { revokedAt: new Date(), replacedBy }, { session });
    },

    async revoke(id) {
      await RefreshToken.updateOne(
        { _id: id, revokedAt: null },
        { revokedAt: new Date() },
        { session },
      );
    },

    async revokeFamily(familyId) {
      await RefreshToken.updateMany(
        { familyId, revokedAt: null },
        { revokedAt: new Date() },
        { session },
      );
    },
  };
}
