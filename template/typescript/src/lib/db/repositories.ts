import type { Repositories } from '../../types/repositories.js';
import type { Db } from './client.js';
import { createPostsRepository } from './posts.repository.js';

/** The tables every stack has; each ORM's folder provides their repositories. */
export function createRepositories(db: Db): Repositories {
  return { posts: createPostsRepository(db) };
}
