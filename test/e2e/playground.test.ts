import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClient } from '../../sandbox/client';
import { useBrowser } from '../helpers/browser';
import { removeInstance, startSandbox, type SandboxService } from '../helpers/sandbox';
import { e2eDatabase, startSite, type Site } from '../helpers/site';
import { startAsGuest, waitForScreen } from '../helpers/terminal';

/**
 * The playground as a learner uses it, in Chromium: the terminal (xterm over
 * the site's WebSocket) and the editor (Monaco over the files API) working on
 * one real engine, and the files API closed to everyone but the owner.
 */
const instance = `test-e2e-playground-${Date.now().toString(36)}`;
let sandbox: SandboxService;
let site: Site;
/** Fixed, so that the service can be restarted where the site expects it. */
let sandboxEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
	sandboxEnv = {
		SANDBOX_PORT: String(await freePort()),
		SANDBOX_TOKEN: `test-token-${Math.random().toString(36).slice(2)}-${Date.now()}`
	};
	sandbox = await startSandbox({ instance, env: sandboxEnv });
	site = await startSite(e2eDatabase(), {
		env: { SANDBOX_URL: sandbox.url, SANDBOX_TOKEN: sandboxEnv.SANDBOX_TOKEN }
	});
}, 180_000);
afterAll(async () => {
	await site?.stop();
	await sandbox?.stop();
	await removeInstance(instance);
});

const { newPage } = useBrowser(() => site.url);

/** The service's client, with the token it really runs with. */
function client(): SandboxClient {
	return new SandboxClient({
		url: sandbox.url,
		token: sandboxEnv.SANDBOX_TOKEN!,
		timeoutMs: 120_000
	});
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

describe('the playground, in Chromium', () => {
	it('sends a guest without an account to /start', async () => {
		const page = await newPage();
		await page.goto('/playground');
		expect(new URL(page.url()).pathname).toBe('/start');
	});

	it('writes a file in the terminal, edits it in the editor, and reads the edit back in the terminal', async () => {
		const page = await newPage();
		await startAsGuest(page);
		await page.goto('/playground');

		// The shell's prompt (root's, in the home directory).
		await waitForScreen(page, /[#$] *$/m);
		await page.locator('[data-testid="terminal-screen"]:visible').click();
		await page.keyboard.type('echo hi > note.txt');
		await page.keyboard.press('Enter');
		await waitForScreen(page, /echo hi > note\.txt\n.*[#$] *$/m);

		// The file tree was read before the file existed: read it again, then open the file.
		await page.getByRole('button', { name: 'Refresh files' }).click();
		await page
			.getByRole('navigation', { name: 'Files in your home folder' })
			.getByRole('button', { name: 'note.txt', exact: true })
			.click();
		const lines = page.locator('.monaco-editor .view-lines');
		await expect.poll(() => lines.textContent(), { timeout: 30_000 }).toContain('hi');
		const state = page.getByTestId('save-state');
		expect(await state.textContent()).toContain('Saved');

		// Edit: the file shows as unsaved until Ctrl+S saves it.
		await lines.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.type('edited in the editor');
		await expect.poll(() => state.textContent()).toContain('Unsaved');
		expect(await page.getByRole('tab', { name: /note\.txt.*unsaved/ }).count()).toBe(1);
		await page.keyboard.press('Control+S');
		await expect.poll(() => state.textContent(), { timeout: 15_000 }).toMatch(/^\s*Saved\s*$/);

		// The engine has the edit...
		const session = await page.evaluate(async () => {
			const res = await fetch('/api/sandbox/session', { method: 'POST' });
			return ((await res.json()) as { id: string }).id;
		});
		expect((await client().readFile(session, 'note.txt')).toString()).toBe(
			'hi\nedited in the editor'
		);

		// ...and so does the shell.
		await page.locator('[data-testid="terminal-screen"]:visible').click();
		await page.keyboard.type('cat note.txt; echo');
		await page.keyboard.press('Enter');
		await waitForScreen(page, /cat note\.txt; echo\nhi\nedited in the editor\n/);
	});

	it("answers 404 to another learner asking for a guest's files", async () => {
		const owner = await newPage();
		await startAsGuest(owner);
		const session = await owner.evaluate(async () => {
			const res = await fetch('/api/sandbox/session', { method: 'POST' });
			return ((await res.json()) as { id: string }).id;
		});
		await client().writeFile(session, 'secret.txt', 'owner only');
		// The owner can read it: the 404 below is about who asks, not a broken route.
		const own = await owner.evaluate(async (id) => {
			const res = await fetch(`/api/sandbox/files?session=${id}&path=secret.txt`);
			return { status: res.status, text: await res.text() };
		}, session);
		expect(own).toEqual({ status: 200, text: 'owner only' });

		const stranger = await newPage();
		await startAsGuest(stranger);
		const answers = await stranger.evaluate(async (id) => {
			const read = await fetch(`/api/sandbox/files?session=${id}&path=secret.txt`);
			const list = await fetch(`/api/sandbox/files?session=${id}&path=.`);
			const write = await fetch(`/api/sandbox/files?session=${id}&path=secret.txt`, {
				method: 'PUT',
				body: 'pwned'
			});
			return {
				read: read.status,
				readBody: await read.text(),
				list: list.status,
				write: write.status
			};
		}, session);
		expect(answers).toMatchObject({ read: 404, list: 404, write: 404 });
		expect(answers.readBody).not.toContain('owner only');
		expect((await client().readFile(session, 'secret.txt')).toString()).toBe('owner only');
	});

	it('shows that it is reconnecting while the sandbox service restarts, then works again with the screen restored', async () => {
		const page = await newPage();
		await startAsGuest(page);
		await page.goto('/playground');
		await waitForScreen(page, /[#$] *$/m);
		await page.locator('[data-testid="terminal-screen"]:visible').click();
		await page.keyboard.type('echo "before-$((6*7))"');
		await page.keyboard.press('Enter');
		await waitForScreen(page, /^before-42$/m);

		await sandbox.stop();
		const overlay = page.locator('[data-state="reconnecting"]:visible');
		await overlay.waitFor({ state: 'visible', timeout: 15_000 });
		expect(await overlay.textContent()).toMatch(/Reconnect/);

		// Same port, same data: engines are adopted again, and the page finds its way back.
		sandbox = await startSandbox({ instance, dataDir: sandbox.dataDir, env: sandboxEnv });
		await overlay.waitFor({ state: 'hidden', timeout: 45_000 });
		// The screen from before the restart is back (from its recording), then a new shell.
		await waitForScreen(page, /^before-42$[\s\S]*Berth restarted: a new shell starts here/m);
		await waitForScreen(page, /[#$] *$/m);
		await page.locator('[data-testid="terminal-screen"]:visible').click();
		await page.keyboard.type('echo "back-$((40+2))"');
		await page.keyboard.press('Enter');
		await waitForScreen(page, /^back-42$/m);
	});
});
