import { loadDotEnv } from '../../config/env.js';
import { hashPassword } from '../passwords.js';
import { ADMIN_EMAIL, seedAdminPassword } from '../seed-admin.js';
import { openScriptDatabase } from './open.js';

/** Development data: an admin and a few posts. Running it twice changes nothing. */
async function main(): Promise<void> {
  loadDotEnv();
  const password = seedAdminPassword();
  const database = await openScriptDatabase();
  try {
    const passwordHash = await hashPassword(password);
    await database.db.$transaction(async (tx) => {
      const existing = await tx.user.findFirst({ where: { email: ADMIN_EMAIL } });
      if (existing !== null) return;
      await tx.user.create({
        data: {
          email: ADMIN_EMAIL,
          name: 'Admin',
          role: 'admin',
          passwordHash,
          posts: {
            create: [1, 2, 3].map((n) => ({
              title: `Example post ${n}`,
              content: `This is example post number ${n}.`,
              published: n !== 3,
            })),
          },
        },
      });
    });
    console.log(`Seeded (${database.kind}): ${ADMIN_EMAIL}`);
  } finally {
    await database.close();
  }
}

await main();
