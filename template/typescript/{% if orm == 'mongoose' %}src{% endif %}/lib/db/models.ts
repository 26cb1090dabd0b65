import { randomUUID } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { roles } from '../../types/domain.js';
import type { PostDocument, RefreshTokenDocument, UserDocument } from './documents.js';
import { EMAIL_COLLATION } from './mongodb.js';

// `_id` is a UUID string, the id of the HTTP API. Indexes are declared here and built by
// `npm run db:migrate` (Connection#syncIndexes), not at start: autoIndex is off.

const id = { type: String, default: () => randomUUID() };

const userSchema = new Schema<UserDocument>(
  {
    _id: id,
    email: { type: String, required: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: roles, required: true, default: 'user' },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
// Case-insensitive: lookups by email pass the same collation.
userSchema.index({ email: 1 }, { unique: true, collation: EMAIL_COLLATION });

const postSchema = new Schema<PostDocument>(
  {
    _id: id,
    title: { type: String, required: true },
    content: { type: String, required: true },
    published: { type: Boolean, required: true, default: false },
    authorId: { type: String, required: true, ref: 'User', index: true },
  },
  { timestamps: true },
);
// The list ordering: newest first.
postSchema.index({ createdAt: -1, _id: -1 });

const refreshTokenSchema = new Schema<RefreshTokenDocument>(
  {
    _id: id,
    userId: { type: String, required: true, ref: 'User', index: true },
    familyId: { type: String, required: true, index: true },
    tokenHash: { type: String, required: true, unique: true },
    // MongoDB deletes a token once it has expired: it can no longer be used, nor reused.
    expiresAt: { type: Date, required: true, expires: 0 },
    revokedAt: { type: Date, default: null },
    replacedBy: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

/** The app's models on `connection`, compiled on the first call. */
export function modelsOf(connection: Connection) {
  return {
    User: connection.model('User', userSchema),
    Post: connection.model('Post', postSchema),
    RefreshToken: connection.model('RefreshToken', refreshTokenSchema),
  };
}
