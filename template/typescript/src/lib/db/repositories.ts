import type { Repositories } from '../../types/repositories.js';
import type { Db } from './client.js';
import { createPostsRepository } from './posts.repository.js';
import { createUsersRepository } from './users.repository.js';

/** The tables every sign-in choice has; each ORM's folder provides the two repositories. */
export function createRepositories(db: Db): Repositories {
  return {
    users: createUsersRepository(db),
    posts: createPostsRepository(db),
  };
}
