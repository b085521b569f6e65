import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export interface Site {
	url: string;
	database: 'postgres' | 'pglite';
	/** Server output so far, for failure messages. */
	output(): string;
	stop(): Promise<void>;
}

/**
 * Starts the built site (build/, from `vite build`) the way `npm start` does,
 * on a free port, with its own data directory and a fresh database:
 * a new database on the test PostgreSQL server, or an embedded PGlite one.
 */
export async function startSite(
	database: 'postgres' | 'pglite',
	options: { env?: NodeJS.ProcessEnv } = {}
): Promise<Site> {
	if (!fs.existsSync('build/handler.js'))
		throw new Error('build/ is missing: run `npx vite build` first');
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: '0',
		HOST: '127.0.0.1',
		BERTH_DATA_DIR: dataDir,
		...options.env
	};
	delete env.DATABASE_URL;

	let dropDatabase = async () => {};
	if (database === 'postgres') {
		const created = await createEmptyDatabase();
		env.DATABASE_URL = created.url;
		dropDatabase = created.drop;
	}

	const child = spawn(process.execPath, ['--import', 'tsx', 'web/server/main.ts'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (d) => (log += d));
	child.stderr!.on('data', (d) => (log += d));

	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`site did not start in 30 s:\n${log}`)),
			30_000
		);
		child.stdout!.on('data', () => {
			const match = /listening on (http:\/\/\S+)/.exec(log);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]!.replace('localhost', '127.0.0.1'));
			}
		});
		child.on('exit', (code) =>
			reject(new Error(`site exited with ${code} before listening:\n${log}`))
		);
	});

	return {
		url,
		database,
		output: () => log,
		async stop() {
			await stopChild(child);
			await dropDatabase();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

/** An empty database on the test server; the site migrates it when it starts. */
async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
	const admin = process.env.TEST_DATABASE_URL;
	if (!admin) throw new Error('E2E_DATABASE=postgres needs TEST_DATABASE_URL (npm test sets it)');
	const name = `berth_e2e_${Date.now().toString(36)}`;
	const sql = postgres(admin, { max: 1, onnotice: () => {} });
	await sql.unsafe(`create database ${name}`);
	const url = new URL(admin);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			await sql.unsafe(`drop database if exists ${name} with (force)`);
			await sql.end();
		}
	};
}

/** Which database the browser suite runs against this time (npm test runs both). */
export function e2eDatabase(): 'postgres' | 'pglite' {
	const chosen =
		process.env.E2E_DATABASE ?? (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
	if (chosen !== 'postgres' && chosen !== 'pglite') throw new Error(`E2E_DATABASE=${chosen}?`);
	return chosen;
}
