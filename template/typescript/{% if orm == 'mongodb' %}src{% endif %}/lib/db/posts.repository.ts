import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { PostsRepository } from '../../types/repositories.js';
import { collections } from './schema.js';
import { toPost, type PostDocument } from './documents.js';

export function createPostsRepository(db: Db): PostsRepository {
  const { posts } = collections(db);
  return {
    async list({ page, limit }) {
      const [documents, total] = await Promise.all([
        // Served by the posts_created_at index, newest first.
        posts
          .find()
          .sort({ createdAt: -1, _id: -1 })
          .skip((page - 1) * limit)
          .limit(limit)
          .toArray(),
        posts.countDocuments(),
      ]);
      return { items: documents.map(toPost), total };
    },

    async findById(id) {
      const document = await posts.findOne({ _id: id });
      return document === null ? undefined : toPost(document);
    },

    async create(post) {
      const now = new Date();
      const document: PostDocument = { _id: randomUUID(), ...post, createdAt: now, updatedAt: now };
      await posts.insertOne(document);
      return toPost(document);
    },

    async update(id, changes) {
      // Only the fields given: the driver would store an undefined field as null.
      const document = await posts.findOneAndUpdate(
        { _id: id },
        {
          $set: {
            ...(changes.title !== undefined && { title: changes.title }),
            ...(changes.content !== undefined && { content: changes.content }),
            ...(changes.published !== undefined && { published: changes.published }),
            updatedAt: new Date(),
          },
        },
        { returnDocument: 'after' },
      );
      return document === null ? undefined : toPost(document);
    },

    async delete(id) {
      const { deletedCount } = await posts.deleteOne({ _id: id });
      return deletedCount > 0;
    },
  };
}
