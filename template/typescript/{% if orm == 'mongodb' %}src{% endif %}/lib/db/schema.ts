import type { Db } from 'mongodb';
import type { Role } from '../../types/domain.js';

// Documents as stored. `_id` is a UUID string, the id of the HTTP API; dates are BSON dates.
// The $jsonSchema validators of src/lib/db/migrations enforce these shapes: update both together.

export interface UserDocument {
  _id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  createdAt: Date;
}

export interface PostDocument {
  _id: string;
  title: string;
  content: string;
  published: boolean;
  authorId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface RefreshTokenDocument {
  _id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
  createdAt: Date;
}

/** The app's collections, typed. */
export function collections(db: Db) {
  return {
    users: db.collection<UserDocument>('users'),
    posts: db.collection<PostDocument>('posts'),
    refreshTokens: db.collection<RefreshTokenDocument>('refreshTokens'),
  };
}
