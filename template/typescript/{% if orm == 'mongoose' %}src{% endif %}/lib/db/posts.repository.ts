import type { Connection } from 'mongoose';
import type { PostsRepository } from '../../types/repositories.js';
import { modelsOf } from './models.js';
import { toPost } from './documents.js';

export function createPostsRepository(connection: Connection): PostsRepository {
  const { Post } = modelsOf(connection);
  return {
    async list({ page, limit }) {
      const [documents, total] = await Promise.all([
        // Served by the { createdAt: -1, _id: -1 } index, newest first.
        Post.find()
          .sort({ createdAt: -1, _id: -1 })
          .skip((page - 1) * limit)
          .limit(limit)
          .lean(),
        Post.countDocuments(),
      ]);
      return { items: documents.map(toPost), total };
    },

    async findById(id) {
      const document = await Post.findById(id).lean();
      return document === null ? undefined : toPost(document);
    },

    async create(post) {
      return toPost(await Post.create(post));
    },

    async update(id, changes) {
      // Mongoose leaves out undefined fields and sets updatedAt (timestamps).
      const document = await Post.findByIdAndUpdate(id, changes, { new: true }).lean();
      return document === null ? undefined : toPost(document);
    },

    async delete(id) {
      const { deletedCount } = await Post.deleteOne({ _id: id });
      return deletedCount > 0;
    },
  };
}
