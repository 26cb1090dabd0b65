import { randomUUID } from 'node:crypto';
import { loadDotEnv } from '../../config/env.js';
import { hashPassword } from '../passwords.js';
import { ADMIN_EMAIL, seedAdminPassword } from '../seed-admin.js';
import { createDatabase } from './client.js';
import { EMAIL_COLLATION, exitIfUnavailable, serverOf } from './mongodb.js';
import { collections } from './schema.js';

/** Development data: an admin and a few posts. Running it twice changes nothing. */
async function main(): Promise<void> {
  loadDotEnv();
  const password = seedAdminPassword();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the MongoDB database to seed');
  const database = createDatabase({ url, poolMax: 1 });
  try {
    await database.connect();
    const { users, posts } = collections(database.db);
    const passwordHash = await hashPassword(password);
    // The admin and their posts are written together or not at all.
    await database.db.client.withSession((session) =>
      session.withTransaction(async () => {
        const existing = await users.findOne(
          { email: ADMIN_EMAIL },
          { session, collation: EMAIL_COLLATION },
        );
        if (existing !== null) return;
        const now = new Date();
        const adminId = randomUUID();
        await users.insertOne(
          {
            _id: adminId,
            email: ADMIN_EMAIL,
            name: 'Admin',
            role: 'admin',
            passwordHash,
            createdAt: now,
          },
          { session },
        );
        await posts.insertMany(
          [1, 2, 3].map((n) => ({
            _id: randomUUID(),
            title: `Example post ${n}`,
            content: `This is example post number ${n}.`,
            published: n !== 3,
            authorId: adminId,
            createdAt: now,
            updatedAt: now,
          })),
          { session },
        );
      }),
    );
    console.log(`Seeded (${serverOf(url)}): ${ADMIN_EMAIL}`);
  } finally {
    await database.close();
  }
}

await main().catch(exitIfUnavailable);
