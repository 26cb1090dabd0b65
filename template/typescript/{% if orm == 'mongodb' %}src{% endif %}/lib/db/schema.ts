import type { Db } from 'mongodb';
import type { PostDocument, RefreshTokenDocument, UserDocument } from './documents.js';

// The $jsonSchema validators of src/lib/db/migrations enforce the shapes of documents.ts:
// update both together.

/** The app's collections, typed. */
export function collections(db: Db) {
  return {
    users: db.collection<UserDocument>('users'),
    posts: db.collection<PostDocument>('posts'),
    refreshTokens: db.collection<RefreshTokenDocument>('refreshTokens'),
  };
}
