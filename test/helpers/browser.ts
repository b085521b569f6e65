import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export function launchChromium(): Promise<Browser> {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`Chromium is not at ${CHROMIUM} (apt-get install chromium)`);
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * One browser for a test file, a fresh context (cookies, storage) per test.
 * A failing test keeps a Playwright trace in test-results/ (open it with
 * `npx playwright-core show-trace FILE`).
 */
export function useBrowser(baseURL: () => string) {
	let browser: Browser;
	const contexts: BrowserContext[] = [];

	beforeAll(async () => {
		browser = await launchChromium();
	});
	afterEach(async ({ task }) => {
		const failed = task.result?.state === 'fail';
		for (const [i, context] of contexts.splice(0).entries()) {
			if (failed) {
				const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
				const file = path.join('test-results', `${name}-${i}.zip`);
				fs.mkdirSync('test-results', { recursive: true });
				await context.tracing.stop({ path: file }).catch(() => {});
				console.error(`trace kept: ${file}`);
			}
			await context.close();
		}
	});
	afterAll(async () => {
		await browser?.close();
	});

	return {
		async newPage(options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
			const context = await browser.newContext({ baseURL: baseURL(), ...options });
			contexts.push(context);
			await context.tracing.start({ screenshots: true, snapshots: true });
			const page = await context.newPage();
			page.setDefaultTimeout(15_000);
			return page;
		}
	};
}
