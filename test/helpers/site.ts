import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../web/src/lib/server/db';
import { createPostgresDatabase, migrationsDir } from './databases';
import { removeInstance, startSandbox, type SandboxService } from './sandbox';
import { startServerProcess } from './server-process';

export interface Site {
	url: string;
	database: 'postgres' | 'pglite';
	/** Server output so far, for failure messages. */
	output(): string;
	stop(): Promise<void>;
}

/** Fills the site's database before the site opens it, e.g. with instructors made as an operator would. */
export type Seed = (db: Database) => Promise<void>;

/**
 * Starts the built site (build/, from `vite build`) the way `npm start` does,
 * on a free port, with its own data directory and a fresh database:
 * a new database on the test PostgreSQL server, or an embedded PGlite one.
 * With `seed`, the database is migrated and seeded before the site starts
 * (the embedded one allows one process at a time, so it is closed again).
 */
export async function startSite(
	database: 'postgres' | 'pglite',
	options: { env?: NodeJS.ProcessEnv; seed?: Seed } = {}
): Promise<Site> {
	const built = path.join(process.env.BERTH_BUILD_DIR ?? '.', 'build/handler.js');
	if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npx vite build\` first`);
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
	if (database === 'postgres' && options.seed) {
		const admin = process.env.TEST_DATABASE_URL;
		if (!admin) throw new Error('E2E_DATABASE=postgres needs TEST_DATABASE_URL (npm test sets it)');
		const handle = await createPostgresDatabase(admin);
		await options.seed(handle.db);
		env.DATABASE_URL = handle.url;
		dropDatabase = () => handle.close();
	} else if (database === 'postgres') {
		const created = await createEmptyDatabase();
		env.DATABASE_URL = created.url;
		dropDatabase = created.drop;
	} else if (options.seed) {
		const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), migrationsDir });
		await options.seed(handle.db);
		await handle.close();
	}

	const server = await startServerProcess({
		name: 'site',
		script: 'web/server/main.ts',
		env,
		timeoutMs: 30_000
	});
	const url = server.url.replace('localhost', '127.0.0.1');
	return {
		url,
		database,
		output: server.output,
		async stop() {
			await server.stop();
			await dropDatabase();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
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

/** Starts the site for a test file (on the database this run asked for) and stops it after. */
export function useSite(options: { seed?: Seed } = {}): () => Site {
	let site: Site | undefined;
	beforeAll(async () => {
		site = await startSite(e2eDatabase(), options);
	});
	afterAll(async () => {
		await site?.stop();
	});
	return () => {
		if (!site) throw new Error('the site is not started yet (use it inside a test)');
		return site;
	};
}

export interface SiteWithSandbox {
	site: Site;
	sandbox: SandboxService;
	/** The site by name (localhost): previews live on its subdomains, s-<id>-<port>.localhost. */
	url: string;
}

/**
 * A real sandbox service (under an instance of its own) and the built site
 * in front of it, for a browser test file; everything is removed after.
 */
export function useSiteWithSandbox(
	name: string,
	options: { seed?: Seed } = {}
): () => SiteWithSandbox {
	const instance = `test-e2e-${name}-${Date.now().toString(36)}`;
	let running: SiteWithSandbox | undefined;
	beforeAll(async () => {
		const sandbox = await startSandbox({ instance });
		const site = await startSite(e2eDatabase(), {
			env: { SANDBOX_URL: sandbox.url, SANDBOX_TOKEN: sandbox.token },
			seed: options.seed
		});
		running = { site, sandbox, url: site.url.replace('127.0.0.1', 'localhost') };
	}, 180_000);
	afterAll(async () => {
		await running?.site.stop();
		await running?.sandbox.stop();
		await removeInstance(instance);
	});
	return () => {
		if (!running) throw new Error('the site and sandbox are not running yet');
		return running;
	};
}

/** Signs in through the form, as a person does, and waits for the page it leads to. */
export async function signIn(page: Page, email: string, password: string) {
	await page.goto('/signin');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/learn');
}
