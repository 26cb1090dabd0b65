import type {
  Page,
  PageQuery,
  Post,
  RefreshToken,
  Role,
  User,
  UserWithPassword,
} from './domain.js';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role?: Role;
}

export interface UsersRepository {
  findById(id: string): Promise<User | undefined>;
  /** The users with these ids, in no particular order; unknown ids are left out. */
  findByIds(ids: readonly string[]): Promise<User[]>;
  findByEmailWithPassword(email: string): Promise<UserWithPassword | undefined>;
  /** Throws a ConflictError when the email is taken. */
  create(user: NewUser): Promise<User>;
}

export interface NewPost {
  title: string;
  content: string;
  published: boolean;
  authorId: string;
}

export type PostChanges = Partial<Pick<Post, 'title' | 'content' | 'published'>>;

/**
 * A window of the newest-first post list, bounded by the posts it starts after and ends before
 * (keyset pagination: stable while posts are added, and served by the listing index).
 */
export interface PostWindow {
  /** Id of the post the window starts after (exclusive). */
  after?: string;
  /** Id of the post the window ends before (exclusive). */
  before?: string;
  limit: number;
  /** Take the `limit` posts nearest `before`, oldest first, instead of those right after `after`. */
  fromEnd: boolean;
}

export interface PostsRepository {
  list(query: PageQuery): Promise<Page<Post>>;
  /** The posts of the window; empty when a bounding post does not exist. */
  listWindow(window: PostWindow): Promise<Post[]>;
  findById(id: string): Promise<Post | undefined>;
  create(post: NewPost): Promise<Post>;
  update(id: string, changes: PostChanges): Promise<Post | undefined>;
  delete(id: string): Promise<boolean>;
}

export interface NewRefreshToken {
  userId: string;
  userRole: Role;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

export interface RefreshTokensRepository {
  create(token: NewRefreshToken): Promise<RefreshToken>;
  /** Runs `work` in one database transaction with a repository bound to it. */
  transaction<T>(work: (tx: RefreshTokensRepository) => Promise<T>): Promise<T>;
  /** Finds a token by hash and locks its row until the transaction ends. */
  findByHashForUpdate(tokenHash: string): Promise<RefreshToken | undefined>;
  markReplaced(id: string, replacedBy: string): Promise<void>;
  revoke(id: string): Promise<void>;
  revokeFamily(familyId: string): Promise<void>;
}

export interface Repositories {
  users: UsersRepository;
  posts: PostsRepository;
  refreshTokens: RefreshTokensRepository;
}
