-- Row-level security on every table (Supabase's rule for the public schema): its Data API, as
-- the anon and authenticated roles, sees no row until a policy grants one. The app connects as
-- the tables' owner, which RLS does not restrict. schema.prisma does not describe RLS, so this
-- migration is written by hand. The migration of the sign-in choice enables it on its tables.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "posts" ENABLE ROW LEVEL SECURITY;
