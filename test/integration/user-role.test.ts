import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type DatabaseHandle } from '../../web/src/lib/server/db';
import { users } from '../../web/src/lib/server/db/schema';
import { register } from '../../web/src/lib/server/auth/users';
import { createPostgresDatabase, migrationsDir } from '../helpers/databases';

const run = promisify(execFile);

/**
 * The operator's documented command, against a database the way the site
 * would be configured: DATABASE_URL, or the embedded one in BERTH_DATA_DIR.
 */
interface Target {
	name: string;
	env(): NodeJS.ProcessEnv;
	/** Runs `fn` with the database open (the embedded one allows one process at a time). */
	withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
	setup(): Promise<void>;
	teardown(): Promise<void>;
}

function postgresTarget(admin: string): Target {
	let handle: DatabaseHandle & { url: string };
	return {
		name: 'PostgreSQL (DATABASE_URL)',
		env: () => ({ DATABASE_URL: handle.url }),
		withDb: (fn) => fn(handle.db),
		setup: async () => {
			handle = await createPostgresDatabase(admin);
		},
		teardown: async () => handle?.close()
	};
}

function pgliteTarget(): Target {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-role-'));
	return {
		name: 'embedded PGlite (BERTH_DATA_DIR)',
		env: () => ({ BERTH_DATA_DIR: dataDir, DATABASE_URL: '' }),
		async withDb(fn) {
			const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), migrationsDir });
			try {
				return await fn(handle.db);
			} finally {
				await handle.close();
			}
		},
		setup: async () => {},
		teardown: async () => fs.rmSync(dataDir, { recursive: true, force: true })
	};
}

const targets = [
	pgliteTarget(),
	...(process.env.TEST_DATABASE_URL ? [postgresTarget(process.env.TEST_DATABASE_URL)] : [])
];

async function userRole(env: NodeJS.ProcessEnv, ...args: string[]) {
	try {
		const { stdout, stderr } = await run('npx', ['tsx', 'scripts/user-role.ts', ...args], {
			env: { ...process.env, ...env }
		});
		return { code: 0, stdout, stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

const roleOf = (db: Database, email: string) =>
	db
		.select({ role: users.role })
		.from(users)
		.where(eq(users.email, email))
		.then((rows) => rows[0]?.role);

describe.each(targets)('npm run user:role on $name', (target) => {
	beforeAll(async () => {
		await target.setup();
		await target.withDb((db) =>
			register(db, { email: 'teacher@example.com', password: 'long-enough', displayName: null })
		);
	});
	afterAll(() => target.teardown());

	it('makes an account an instructor, by email in any case', async () => {
		const result = await userRole(target.env(), 'Teacher@Example.com', 'instructor');
		expect(result.stdout).toContain('is now an instructor');
		expect(result.code).toBe(0);
		expect(await target.withDb((db) => roleOf(db, 'teacher@example.com'))).toBe('instructor');
	});

	it('says so when no account has the email, and changes nothing', async () => {
		const result = await userRole(target.env(), 'stranger@example.com', 'admin');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('No account has the email stranger@example.com');
		const admins = await target.withDb((db) =>
			db.select().from(users).where(eq(users.role, 'admin'))
		);
		expect(admins).toEqual([]);
	});

	it('refuses a role that does not exist, naming the ones that do', async () => {
		const result = await userRole(target.env(), 'teacher@example.com', 'superuser');
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('learner, instructor, admin');
		expect(await target.withDb((db) => roleOf(db, 'teacher@example.com'))).toBe('instructor');
	});
});
