import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this file: it diffs the schema against the
// snapshots in migrations/ and writes a new SQL migration. No database needed.
export default defineConfig({
	dialect: 'postgresql',
	schema: './web/src/lib/server/db/schema.ts',
	out: './migrations'
});
