import { sql, type Kysely } from 'kysely';

// Migrations stay frozen once applied: they use the schema builder, never src/lib/db/schema.ts.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createType('role').asEnum(['user', 'admin']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'varchar(254)', (col) => col.notNull())
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('role', sql`role`, (col) => col.notNull().defaultTo('user'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // Case-insensitive uniqueness; lookups use lower(email) too.
  await db.schema
    .createIndex('users_email_unique')
    .on('users')
    .unique()
    .column(sql`lower(email)`)
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'varchar(200)', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('published', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('author_id', 'uuid', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('posts_author_id_users_id_fk', ['author_id'], 'users', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('posts_author_id_idx').on('posts').column('author_id').execute();
  // Serves the newest-first listing, id as the tie-breaker.
  await db.schema
    .createIndex('posts_created_at_idx')
    .on('posts')
    .columns(['created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('posts_published_created_at_idx')
    .on('posts')
    .columns(['published', 'created_at desc'])
    .execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('family_id', 'uuid', (col) => col.notNull())
    .addColumn('token_hash', 'varchar(64)', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('replaced_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      'refresh_tokens_user_id_users_id_fk',
      ['user_id'],
      'users',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('refresh_tokens_token_hash_unique')
    .on('refresh_tokens')
    .unique()
    .column('token_hash')
    .execute();
  await db.schema
    .createIndex('refresh_tokens_user_id_idx')
    .on('refresh_tokens')
    .column('user_id')
    .execute();
  await db.schema
    .createIndex('refresh_tokens_family_id_idx')
    .on('refresh_tokens')
    .column('family_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refresh_tokens').execute();
  await db.schema.dropTable('posts').execute();
  await db.schema.dropTable('users').execute();
  await db.schema.dropType('role').execute();
}
