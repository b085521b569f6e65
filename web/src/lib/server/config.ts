import path from 'node:path';
import type { OpenDatabaseOptions } from './db';

/** Settings read from the environment, with the defaults a first run needs. */
export interface Config {
	/** Where Berth keeps its files (the embedded database among them). */
	dataDir: string;
	/**
	 * DATABASE_URL for a real PostgreSQL server; without it, the embedded
	 * PGlite database in <dataDir>/pglite.
	 */
	database: OpenDatabaseOptions;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const dataDir = path.resolve(env.BERTH_DATA_DIR || 'data');
	const url = env.DATABASE_URL || undefined;
	return {
		dataDir,
		database: {
			url,
			dataDir: url ? undefined : path.join(dataDir, 'pglite'),
			migrationsDir: path.resolve(env.BERTH_MIGRATIONS_DIR || 'migrations')
		}
	};
}

/** Where the database is, for logs: never the password. */
export function describeDatabase(options: OpenDatabaseOptions): string {
	return options.url ? redactUrl(options.url) : `embedded PGlite in ${options.dataDir ?? 'memory'}`;
}

export function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString();
	} catch {
		return '(an unparseable DATABASE_URL)';
	}
}
