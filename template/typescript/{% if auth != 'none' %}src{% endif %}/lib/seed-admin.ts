/** The admin `npm run db:seed` creates. */
export const ADMIN_EMAIL = 'admin@example.com';

const DEFAULT_PASSWORD = 'admin-password';

/** The seeded admin's password: SEED_ADMIN_PASSWORD, else a default production refuses. */
export function seedAdminPassword(): string {
  const password = process.env.SEED_ADMIN_PASSWORD ?? DEFAULT_PASSWORD;
  if (process.env.NODE_ENV === 'production' && password === DEFAULT_PASSWORD) {
    throw new Error('Set SEED_ADMIN_PASSWORD to seed a production database');
  }
  return password;
}
