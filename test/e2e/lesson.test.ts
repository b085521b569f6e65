import { describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser';
import { useSiteWithSandbox } from '../helpers/site';
import { startAsGuest, typeCommand, waitForScreen } from '../helpers/terminal';

/**
 * The lesson player as a guest uses it, in Chromium, against a real site,
 * sandbox and engine: commands typed with the keyboard, a Dockerfile written
 * in the editor, checks that turn green by themselves, progress that
 * survives a reload, and a published port opened through its preview link.
 */
const env = useSiteWithSandbox('lesson');

const { newPage } = useBrowser(() => env().url);
const PROMPT = /berth:.*# *$/m;

describe('the lesson player, in Chromium', () => {
	it('turns a step green as the learner types, and keeps the progress across a reload', async () => {
		const page = await newPage();
		await startAsGuest(page);
		await page.getByRole('link', { name: 'Images and containers' }).click();
		await page.waitForURL('**/learn/images-and-containers/first-run');

		const checks = page.getByRole('region', { name: /What is checked|Step complete/ });
		await expect.poll(() => checks.textContent(), { timeout: 15_000 }).toContain('There is no');
		await waitForScreen(page, PROMPT);
		await typeCommand(page, 'docker run busybox echo hello from a container');
		await waitForScreen(page, /^hello from a container$/m);

		// Nobody presses a button: the check turns green by itself.
		await expect
			.poll(() => checks.getByRole('heading').textContent(), { timeout: 15_000 })
			.toBe('Step complete');
		expect(await checks.textContent()).toContain('A container from busybox has exited.');

		// Hints one at a time, and the solution behind a deliberate click: both recorded.
		await page.getByRole('button', { name: 'Show a hint (1 of 2)' }).click();
		await page.getByText('Hint 1.').waitFor();
		expect(await page.getByText('Hint 2.').count()).toBe(0);
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Show the solution' }).click();
		await page.getByRole('heading', { name: 'Solution' }).waitFor();

		await page.reload();
		await page
			.getByRole('link', { name: 'Step 1: Your first docker run (done)' })
			.waitFor({ state: 'visible' });
		await page.getByText('Hint 1.').waitFor();
		expect(await page.getByRole('button', { name: 'Show another hint (2 of 2)' }).count()).toBe(1);
		await page.getByRole('heading', { name: 'Solution' }).waitFor();
		await page.goto('/learn');
		expect(await page.getByRole('list', { name: 'Lessons' }).textContent()).toContain(
			'1 of 4 steps'
		);
	});

	it('builds from a Dockerfile written in the editor, and passes the steps', async () => {
		const page = await newPage();
		await startAsGuest(page);
		await page.goto('/learn/dockerfiles/write-a-dockerfile');
		const checks = page.getByRole('region', { name: /What is checked|Step complete/ });
		await expect
			.poll(() => checks.textContent(), { timeout: 20_000 })
			.toContain('There is no ~/hello-node/Dockerfile yet.');

		// The step opened its Dockerfile in the editor: write it, save it.
		await page.getByRole('tab', { name: /^Dockerfile/ }).click();
		const lines = page.locator('.monaco-editor .view-lines');
		await lines.click();
		await page.keyboard.type(
			'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN date -u > built-at.txt\nENV PORT=3000\nEXPOSE 3000\nCMD node server.js\n'
		);
		await page.keyboard.press('Control+S');
		await expect
			.poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 })
			.toMatch(/^\s*Saved\s*$/);
		await expect.poll(() => checks.textContent(), { timeout: 15_000 }).toMatch(/^Step complete/);

		await page.getByRole('link', { name: /^Next: Build the image/ }).click();
		await page.waitForURL('**/learn/dockerfiles/build-the-image');
		await waitForScreen(page, PROMPT);
		await typeCommand(page, 'cd ~/hello-node && docker build -t hello-node . && docker images');
		await waitForScreen(page, /Successfully tagged hello-node:latest/, 120_000);
		await expect
			.poll(() => checks.getByRole('heading').textContent(), { timeout: 20_000 })
			.toBe('Step complete');
	});

	it('resets to a fresh engine brought to the start of the current step', async () => {
		const page = await newPage();
		await startAsGuest(page);
		await page.goto('/learn/dockerfiles/run-it');
		await waitForScreen(page, PROMPT);
		await typeCommand(page, 'touch ~/left-behind');

		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Reset environment' }).click();
		// The earlier steps' solutions ran: the Dockerfile is written and the image built.
		await page.getByRole('tab', { name: 'Images' }).click();
		await page.getByText('hello-node:latest').first().waitFor({ timeout: 180_000 });
		await waitForScreen(page, PROMPT);
		await typeCommand(page, 'ls ~/hello-node/Dockerfile ~/left-behind');
		await waitForScreen(page, /left-behind': No such file or directory/);
		await waitForScreen(page, /^\/root\/hello-node\/Dockerfile$/m);
	});

	it('offers a fresh engine when a lesson starts on one with leftovers', async () => {
		const page = await newPage();
		await startAsGuest(page);
		await page.goto('/playground');
		await waitForScreen(page, PROMPT);
		await typeCommand(page, 'docker run -d --name leftover busybox sleep 600');
		await waitForScreen(page, /^[0-9a-f]{64}$/m);

		await page.goto('/learn/port-mapping');
		const offer = page.getByRole('status').filter({ hasText: 'still has 1 container' });
		await offer.waitFor({ timeout: 20_000 });
		await offer.getByRole('button', { name: 'Start on a fresh engine' }).click();
		await offer.waitFor({ state: 'detached', timeout: 60_000 });
		await page.getByRole('tab', { name: 'Engine' }).click();
		await page.getByText('No containers yet').waitFor({ timeout: 30_000 });
	});

	it('opens a published port through the preview link of the engine diagram', async () => {
		const page = await newPage();
		await startAsGuest(page);
		await page.goto('/learn/port-mapping/publish-a-port');
		await waitForScreen(page, PROMPT);
		await typeCommand(page, 'docker run -d --name web -p 8080:80 nginx');

		await page.getByRole('tab', { name: 'Engine' }).click();
		const link = page.getByRole('link', { name: /8080/ }).first();
		await link.waitFor({ state: 'visible', timeout: 30_000 });
		const [preview] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
		await preview.waitForLoadState();
		await expect
			.poll(() => preview.textContent('body'), { timeout: 20_000 })
			.toContain('Welcome to nginx');
		expect(new URL(preview.url()).hostname).toMatch(/^s-.+-8080\.localhost$/);
	});
});
