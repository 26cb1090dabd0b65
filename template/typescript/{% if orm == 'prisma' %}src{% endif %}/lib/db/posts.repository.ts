import type { Post } from '../../types/domain.js';
import type { PostsRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import { Prisma, type Post as PostRow } from './generated/client.js';

function toPost(row: PostRow): Post {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    published: row.published,
    authorId: row.authorId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createPostsRepository(db: Db): PostsRepository {
  return {
    async list({ page, limit }) {
      const [rows, total] = await Promise.all([
        db.post.findMany({
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          skip: (page - 1) * limit,
          take: limit,
        }),
        db.post.count(),
      ]);
      return { items: rows.map(toPost), total };
    },

    async findById(id) {
      const row = await db.post.findUnique({ where: { id } });
      return row === null ? undefined : toPost(row);
    },

    async create(post) {
      const row = await db.post.create({ data: post });
      return toPost(row);
    },

    async update(id, changes) {
      try {
        // Fields left undefined are not written; @updatedAt sets updated_at.
        const row = await db.post.update({ where: { id }, data: changes });
        return toPost(row);
      } catch (error) {
        // P2025: no post with this id.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
          return undefined;
        }
        throw error;
      }
    },

    async delete(id) {
      const { count } = await db.post.deleteMany({ where: { id } });
      return count > 0;
    },
  };
}
