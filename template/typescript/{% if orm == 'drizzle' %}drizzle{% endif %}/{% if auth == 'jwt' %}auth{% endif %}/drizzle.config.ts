import { defineConfig } from 'drizzle-kit';
import shared from '../../drizzle.config';

// Self-hosted JWT's own tables, migrated apart from the shared ones (src/lib/db/migrate.ts).
// After changing src/lib/db/auth-schema.ts:
//   npx drizzle-kit generate --config drizzle/auth/drizzle.config.ts
export default defineConfig({
  ...shared,
  schema: './src/lib/db/auth-schema.ts',
  out: './drizzle/auth',
});
