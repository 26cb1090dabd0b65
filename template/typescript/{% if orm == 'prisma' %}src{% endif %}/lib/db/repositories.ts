import type { Repositories } from '../../types/repositories.js';
import type { Db } from './client.js';
import { createPostsRepository } from './posts.repository.js';
import { createRefreshTokensRepository } from './refresh-tokens.repository.js';
import { createUsersRepository } from './users.repository.js';

export function createRepositories(db: Db): Repositories {
  return {
    users: createUsersRepository(db),
    posts: createPostsRepository(db),
    refreshTokens: createRefreshTokensRepository(db),
  };
}
