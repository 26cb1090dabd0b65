import { loadDotEnv } from '../../config/env.js';
import { hashPassword } from '../passwords.js';
import { ADMIN_EMAIL, seedAdminPassword } from '../seed-admin.js';
import { openScriptDatabase } from './open.js';
import { createRepositories } from './repositories.js';
import { createUsersRepository } from './users.repository.js';

/** Development data: an admin and a few posts. Running it twice changes nothing. */
async function main(): Promise<void> {
  loadDotEnv();
  const password = seedAdminPassword();
  const database = await openScriptDatabase();
  try {
    const passwordHash = await hashPassword(password);
    // The repositories write each dialect's types; one transaction keeps the seed all-or-nothing.
    await database.db.transaction(async (tx) => {
      const { posts } = createRepositories(tx);
      const users = createUsersRepository(tx);
      if ((await users.findByEmailWithPassword(ADMIN_EMAIL)) !== undefined) return;
      const admin = await users.create({
        email: ADMIN_EMAIL,
        name: 'Admin',
        role: 'admin',
        passwordHash,
      });
      for (const n of [1, 2, 3]) {
        await posts.create({
          title: `Example post ${n}`,
          content: `This is example post number ${n}.`,
          published: n !== 3,
          authorId: admin.id,
        });
      }
    });
    console.log(`Seeded (${database.kind}): ${ADMIN_EMAIL}`);
  } finally {
    await database.close();
  }
}

await main();
