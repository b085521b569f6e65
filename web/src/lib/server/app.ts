import { describeDatabase, readConfig } from './config';
import { openDatabase, type Database, type DatabaseHandle } from './db';

/**
 * The server's long-lived state, created once when SvelteKit starts
 * (hooks.server.ts `init`) and shared by every request.
 */
let handle: Promise<DatabaseHandle> | undefined;

export function startApp(): Promise<DatabaseHandle> {
	handle ??= (async () => {
		const { database } = readConfig();
		const db = await openDatabase(database);
		console.log(`berth: database ready (${describeDatabase(database)})`);
		return db;
	})();
	return handle;
}

export async function getDb(): Promise<Database> {
	return (await startApp()).db;
}

export async function stopApp(): Promise<void> {
	const current = handle;
	handle = undefined;
	if (current) await (await current).close();
}
