import { ForbiddenError } from '../lib/errors.js';
import type { Post, Principal } from '../types/domain.js';
import type { NewPost, PostChanges } from '../types/repositories.js';
import type { PostService } from './post.service.js';

export type CreatePostInput = Omit<NewPost, 'authorId'>;

/** The post service as the routes see it when callers sign in: each write names its caller. */
export interface OwnedPostService extends Omit<PostService, 'create' | 'update' | 'delete'> {
  /** The caller becomes the author. */
  create(principal: Principal, input: CreatePostInput): Promise<Post>;
  /** ForbiddenError unless the caller is the author or an admin. */
  update(principal: Principal, id: string, changes: PostChanges): Promise<Post>;
  /** ForbiddenError unless the caller is the author or an admin. */
  delete(principal: Principal, id: string): Promise<void>;
}

/** Owners may change their posts; admins may change any. */
function assertCanModify(principal: Principal, post: Post): void {
  if (principal.role !== 'admin' && post.authorId !== principal.userId) {
    throw new ForbiddenError('Only the author or an admin may change this post');
  }
}

/**
 * Adds the owner-or-admin rule to a post service. The check reads the post from `stored`, the
 * service without a cache, so it never decides on a copy another instance has since deleted.
 */
export function withOwnership(
  posts: PostService,
  stored: Pick<PostService, 'get'> = posts,
): OwnedPostService {
  return {
    ...posts,
    create: (principal, input) => posts.create({ ...input, authorId: principal.userId }),

    async update(principal, id, changes) {
      assertCanModify(principal, await stored.get(id));
      return posts.update(id, changes);
    },

    async delete(principal, id) {
      assertCanModify(principal, await stored.get(id));
      await posts.delete(id);
    },
  };
}
