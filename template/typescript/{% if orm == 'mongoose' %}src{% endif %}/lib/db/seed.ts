import { randomUUID } from 'node:crypto';
import { loadDotEnv } from '../../config/env.js';
import { hashPassword } from '../passwords.js';
import { ADMIN_EMAIL, seedAdminPassword } from '../seed-admin.js';
import { createDatabase } from './client.js';
import { modelsOf } from './models.js';
import { EMAIL_COLLATION, exitIfUnavailable, serverOf } from './mongodb.js';

/** Development data: an admin and a few posts. Running it twice changes nothing. */
async function main(): Promise<void> {
  loadDotEnv();
  const password = seedAdminPassword();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the MongoDB database to seed');
  const database = createDatabase({ url, poolMax: 1 });
  try {
    await database.connect();
    const { User, Post } = modelsOf(database.db);
    const passwordHash = await hashPassword(password);
    // The admin and their posts are written together or not at all.
    await database.db.transaction(async (session) => {
      const existing = await User.exists({ email: ADMIN_EMAIL })
        .collation(EMAIL_COLLATION)
        .session(session);
      if (existing !== null) return;
      const adminId = randomUUID();
      await User.create(
        [{ _id: adminId, email: ADMIN_EMAIL, name: 'Admin', role: 'admin', passwordHash }],
        { session },
      );
      await Post.create(
        [1, 2, 3].map((n) => ({
          title: `Example post ${n}`,
          content: `This is example post number ${n}.`,
          published: n !== 3,
          authorId: adminId,
        })),
        { session, ordered: true },
      );
    });
    console.log(`Seeded (${serverOf(url)}): ${ADMIN_EMAIL}`);
  } finally {
    await database.close();
  }
}

await main().catch(exitIfUnavailable);
