/**
 * `npm run screenshots`: starts the built site (on an embedded database) and
 * a real sandbox, and saves pictures of them in both themes to
 * docs/screenshots/ (used by README and docs): the home page, sign-up, the
 * lesson catalog, and a lesson step with its terminal, checks and panels.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser';
import { removeInstance, startSandbox } from '../test/helpers/sandbox';
import { startSite } from '../test/helpers/site';
import { startAsGuest, typeCommand, waitForScreen } from '../test/helpers/terminal';

const out = 'docs/screenshots';
fs.mkdirSync(out, { recursive: true });

const instance = `screenshots-${Date.now()}`;
const sandbox = await startSandbox({ instance });
const site = await startSite('pglite', {
	env: { SANDBOX_URL: sandbox.url, SANDBOX_TOKEN: sandbox.token }
});
const browser = await launchChromium();

/** A learner half-way through the port-mapping lesson: one check green, one not yet. */
async function lessonInProgress(page: Page) {
	await startAsGuest(page);
	await page.goto('/learn/port-mapping/publish-a-port');
	await waitForScreen(page, /# *$/m);
	await typeCommand(page, 'docker run -d --name web -p 8080:80 nginx && docker ps');
	await waitForScreen(page, /0\.0\.0\.0:8080->80\/tcp/);
	await page.getByRole('tab', { name: 'Engine' }).click();
	await page.getByRole('heading', { name: 'Step complete' }).waitFor({ timeout: 30_000 });
}

try {
	for (const theme of ['light', 'dark'] as const) {
		const context = await browser.newContext({
			baseURL: site.url.replace('127.0.0.1', 'localhost'),
			viewport: { width: 1440, height: 900 },
			colorScheme: theme
		});
		const page = await context.newPage();
		await page.goto('/');
		await page.screenshot({ path: `${out}/home-${theme}.png` });
		await page.goto('/signup');
		await page.screenshot({ path: `${out}/signup-${theme}.png` });
		await lessonInProgress(page).catch(async (error) => {
			await page.screenshot({ path: `/tmp/screenshot-failure-${theme}.png` });
			throw error;
		});
		await page.screenshot({ path: `${out}/lesson-${theme}.png` });
		await page.goto('/learn');
		await page.screenshot({ path: `${out}/catalog-${theme}.png` });
		await context.close();
	}
	const phone = await browser.newContext({
		baseURL: site.url,
		viewport: { width: 390, height: 844 }
	});
	const page = await phone.newPage();
	await page.goto('/');
	await page.screenshot({ path: `${out}/home-phone.png` });
	console.log(`screenshots written to ${out}/`);
} finally {
	await browser.close();
	await site.stop();
	await sandbox.stop();
	await removeInstance(instance);
}
