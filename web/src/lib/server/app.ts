import { describeDatabase, readConfig } from './config';
import { openDatabase, type Database, type DatabaseHandle } from './db';
import { sweepExpired } from './auth/sweep';

const SWEEP_EVERY_MS = 60 * 60 * 1000;
let sweeper: NodeJS.Timeout | undefined;

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
		sweeper = setInterval(() => {
			sweepExpired(db.db).catch((error) => console.error('berth: session sweep failed', error));
		}, SWEEP_EVERY_MS).unref();
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
	clearInterval(sweeper);
	if (current) await (await current).close();
}
