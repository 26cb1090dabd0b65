import { randomUUID } from 'node:crypto';
import type { ClientSession, Db } from 'mongodb';
import type { RefreshTokensRepository } from '../../types/repositories.js';
import { collections } from './schema.js';
import { toRefreshToken, type RefreshTokenDocument } from './documents.js';

/** Every operation runs in `session` when given: the transaction of `transaction()`. */
export function createRefreshTokensRepository(
  db: Db,
  session?: ClientSession,
): RefreshTokensRepository {
  const { refreshTokens, users } = collections(db);
  return {
    async create(token) {
      const document: RefreshTokenDocument = {
        _id: randomUUID(),
        userId: token.userId,
        familyId: token.familyId,
        tokenHash: token.tokenHash,
        expiresAt: token.expiresAt,
        revokedAt: null,
        replacedBy: null,
        createdAt: new Date(),
      };
      await refreshTokens.insertOne(document, { session });
      return toRefreshToken(document, token.userRole);
    },

    transaction(work) {
      // withTransaction retries `work` on a transient error such as a write conflict, and needs
      // a replica set (docker-compose.yml runs a single-node one).
      return db.client.withSession((session) =>
        session.withTransaction(() => work(createRefreshTokensRepository(db, session))),
      );
    },

    async findByHashForUpdate(tokenHash) {
      // MongoDB does not lock on read. Two transactions rotating the same token both write it
      // (markReplaced or revoke): the second fails with a write conflict, and withTransaction
      // runs it again, when it sees the token spent.
      const document = await refreshTokens.findOne({ tokenHash }, { session });
      if (document === null) return undefined;
      const owner = await users.findOne(
        { _id: document.userId },
        { session, projection: { role: 1 } },
      );
      return owner === null ? undefined : toRefreshToken(document, owner.role);
    },

    async markReplaced(id, replacedBy) {
      await refreshTokens.updateOne(
        { _id: id },
        { $set: { revokedAt: new Date(), replacedBy } },
        { session },
      );
    },

    async revoke(id) {
      await refreshTokens.updateOne(
        { _id: id, revokedAt: null },
        { $set: { revokedAt: new Date() } },
        { session },
      );
    },

    async revokeFamily(familyId) {
      await refreshTokens.updateMany(
        { familyId, revokedAt: null },
        { $set: { revokedAt: new Date() } },
        { session },
      );
    },
  };
}
