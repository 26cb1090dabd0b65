import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Post } from '../../types/domain.js';
import type { PostsRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import { posts } from './schema.js';

type PostRow = typeof posts.$inferSelect;

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

/** A post's position in the newest-first list: the row value (created_at, id) of its row. */
function positionOf(db: Db, id: string) {
  const bound = alias(posts, 'bound');
  return db
    .select({ createdAt: bound.createdAt, id: bound.id })
    .from(bound)
    .where(eq(bound.id, id));
}

export function createPostsRepository(db: Db): PostsRepository {
  return {
    async list({ page, limit }) {
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(posts)
          .orderBy(desc(posts.createdAt), desc(posts.id))
          .limit(limit)
          .offset((page - 1) * limit),
        db.select({ total: count() }).from(posts),
      ]);
      return { items: rows.map(toPost), total: totals?.total ?? 0 };
    },

    async listWindow({ after, before, limit, fromEnd }) {
      // A missing bounding post makes its comparison NULL, so the window is empty.
      const position = sql`(${posts.createdAt}, ${posts.id})`;
      const rows = await db
        .select()
        .from(posts)
        .where(
          and(
            after === undefined ? undefined : sql`${position} < (${positionOf(db, after)})`,
            before === undefined ? undefined : sql`${position} > (${positionOf(db, before)})`,
          ),
        )
        .orderBy(
          ...(fromEnd
            ? [asc(posts.createdAt), asc(posts.id)]
            : [desc(posts.createdAt), desc(posts.id)]),
        )
        .limit(limit);
      return rows.map(toPost);
    },

    async findById(id) {
      const [row] = await db.select().from(posts).where(eq(posts.id, id));
      return row && toPost(row);
    },

    async create(post) {
      const [row] = await db.insert(posts).values(post).returning();
      if (row === undefined) throw new Error('insert returned no row');
      return toPost(row);
    },

    async update(id, changes) {
      const [row] = await db
        .update(posts)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(posts.id, id))
        .returning();
      return row && toPost(row);
    },

    async delete(id) {
      const rows = await db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id });
      return rows.length > 0;
    },
  };
}
