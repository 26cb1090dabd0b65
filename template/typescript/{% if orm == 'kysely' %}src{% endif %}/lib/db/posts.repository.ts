import type { Post } from '../../types/domain.js';
import type { PostsRepository } from '../../types/repositories.js';
import type { Db } from './client.js';
import type { PostRow } from './schema.js';

function toPost(row: PostRow): Post {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    published: row.published,
    authorId: row.author_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A post's position in the newest-first list: the row value (created_at, id) of its row. */
function positionOf(db: Db, id: string) {
  return db
    .selectFrom('posts as bound')
    .select(['bound.created_at', 'bound.id'])
    .where('bound.id', '=', id)
    .$asTuple('created_at', 'id');
}

export function createPostsRepository(db: Db): PostsRepository {
  return {
    async list({ page, limit }) {
      const [rows, totals] = await Promise.all([
        db
          .selectFrom('posts')
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset((page - 1) * limit)
          .execute(),
        // count(*) is a bigint, which the drivers return as a string.
        db
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll<string>().as('total'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toPost), total: Number(totals.total) };
    },

    async listWindow({ after, before, limit, fromEnd }) {
      // A missing bounding post makes its comparison NULL, so the window is empty.
      const direction = fromEnd ? 'asc' : 'desc';
      let query = db
        .selectFrom('posts')
        .selectAll()
        .orderBy('created_at', direction)
        .orderBy('id', direction)
        .limit(limit);
      if (after !== undefined) {
        query = query.where((eb) =>
          eb(eb.refTuple('created_at', 'id'), '<', positionOf(db, after)),
        );
      }
      if (before !== undefined) {
        query = query.where((eb) =>
          eb(eb.refTuple('created_at', 'id'), '>', positionOf(db, before)),
        );
      }
      const rows = await query.execute();
      return rows.map(toPost);
    },

    async findById(id) {
      const row = await db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPost(row);
    },

    async create(post) {
      const row = await db
        .insertInto('posts')
        .values({
          title: post.title,
          content: post.content,
          published: post.published,
          author_id: post.authorId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPost(row);
    },

    async update(id, changes) {
      const row = await db
        .updateTable('posts')
        .set({
          title: changes.title,
          content: changes.content,
          published: changes.published,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toPost(row);
    },

    async delete(id) {
      const result = await db.deleteFrom('posts').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
