import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../web/src/lib/server/db';

export const migrationsDir = path.resolve('migrations');

/**
 * The two databases Berth runs on. Each `open()` gives a fresh, migrated,
 * empty database: PGlite in memory, or a new database on the throwaway
 * PostgreSQL server that `npm test` starts (TEST_DATABASE_URL).
 */
export interface Backend {
	name: 'pglite' | 'postgres';
	open(): Promise<DatabaseHandle>;
}

const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl && process.env.BERTH_REQUIRE_POSTGRES) {
	throw new Error('TEST_DATABASE_URL is not set, but this run requires PostgreSQL');
}

export const backends: Backend[] = [
	{ name: 'pglite', open: () => openDatabase({ migrationsDir }) },
	...(adminUrl ? [{ name: 'postgres' as const, open: () => createPostgresDatabase(adminUrl) }] : [])
];

if (!adminUrl) {
	console.warn('TEST_DATABASE_URL is not set: skipping the PostgreSQL half (npm test sets it).');
}

/** A new database on the test server, dropped again on close. */
export async function createPostgresDatabase(
	admin: string
): Promise<DatabaseHandle & { url: string }> {
	const name = `berth_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const sql = postgres(admin, { max: 1, onnotice: () => {} });
	await sql.unsafe(`create database ${name}`);
	const url = new URL(admin);
	url.pathname = `/${name}`;
	const handle = await openDatabase({ url: url.toString(), migrationsDir });
	return {
		...handle,
		url: url.toString(),
		async close() {
			await handle.close();
			await sql.unsafe(`drop database if exists ${name} with (force)`);
			await sql.end();
		}
	};
}
