/**
 * Benchmarks the lesson page in Chromium against the real site and sandbox:
 *
 *   npx vite build && npm run bench:player            # 15 page loads, 100 keystrokes
 *   npm run bench:player -- --loads 30 --keys 200
 *
 * - navigation → prompt: a guest opens a lesson step; measured in the page
 *   from the navigation's start (performance.timeOrigin) to the moment the
 *   terminal shows the engine's prompt. The first load starts the learner's
 *   engine (from the warm pool); later loads reuse it, as a learner moving
 *   between steps does.
 * - keystroke → echo: a key pressed in the terminal, from the browser's
 *   keydown to the character drawn in the terminal's rows.
 *
 * It measures; it does not judge: a missed target is reported and the exit
 * status is 0 unless something could not run. Everything it starts is
 * stopped at the end.
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/helpers/browser';
import { removeInstance, startSandbox } from '../test/helpers/sandbox';
import { startSite } from '../test/helpers/site';
import { reportLine } from './lib/stats';

const { values: args } = parseArgs({
	options: { loads: { type: 'string', default: '15' }, keys: { type: 'string', default: '100' } }
});
const bounded = (raw: string | undefined, fallback: number, max: number) =>
	Math.min(Math.max(Number.parseInt(raw ?? '', 10) || fallback, 1), max);
const loads = bounded(args.loads, 15, 100);
const keys = bounded(args.keys, 100, 500);

const PROMPT = 'berth:~#';
const instance = `bench-player-${Date.now()}`;
const sandbox = await startSandbox({ instance, env: { SANDBOX_POOL_SIZE: '2' } });
const site = await startSite('pglite', {
	env: { SANDBOX_URL: sandbox.url, SANDBOX_TOKEN: sandbox.token }
});
const browser = await launchChromium();

const report = (name: string, samples: number[], target: number) =>
	reportLine(name, samples, target, 24);

try {
	const base = site.url.replace('127.0.0.1', 'localhost');
	const context = await browser.newContext({
		baseURL: base,
		viewport: { width: 1440, height: 900 }
	});
	const page = await context.newPage();
	await page.goto('/');
	await page.getByRole('button', { name: 'Start learning — no sign-up' }).click();
	await page.waitForURL('**/learn');

	// Time from navigation start to the prompt, measured in the page: checked
	// every animation frame, the time taken the frame it is first seen.
	const toPrompt: number[] = [];
	for (let i = 0; i < loads; i++) {
		await page.goto('/learn/images-and-containers/first-run', { waitUntil: 'commit' });
		const seen = await page.waitForFunction(
			(prompt) =>
				document
					.querySelector('[data-testid="terminal-screen"] .xterm-rows')
					?.textContent?.includes(prompt)
					? performance.now()
					: false,
			PROMPT,
			{ polling: 'raf', timeout: 30_000 }
		);
		toPrompt.push((await seen.jsonValue()) as number);
	}

	// Keystroke → echo: type a long comment line, one key at a time.
	await page.locator('[data-testid="terminal-screen"]:visible').click();
	await page.keyboard.type('# ');
	const echo: number[] = [];
	for (let i = 0; i < keys; i++) {
		const ch = String.fromCharCode(97 + (i % 26));
		// Arm the page (listener and observer in place), then press the key.
		await page.evaluate(() => {
			(window as unknown as { echo: Promise<number> }).echo = new Promise<number>(
				(resolve, reject) => {
					// No named helpers in here: the bundler would wrap them in a
					// function that does not exist in the page.
					const screen = document.querySelector('[data-testid="terminal-screen"]')!;
					const before = screen.querySelector('.xterm-rows')?.textContent ?? '';
					let sent = 0;
					const observer = new MutationObserver(() => {
						if (sent && (screen.querySelector('.xterm-rows')?.textContent ?? '') !== before) {
							observer.disconnect();
							resolve(performance.now() - sent);
						}
					});
					observer.observe(screen, { childList: true, subtree: true, characterData: true });
					window.addEventListener('keydown', () => (sent = performance.now()), {
						once: true,
						capture: true
					});
					setTimeout(() => reject(new Error(`no echo within 5 s (key seen: ${sent > 0})`)), 5000);
				}
			);
		});
		await page.keyboard.press(ch);
		echo.push(await page.evaluate(() => (window as unknown as { echo: Promise<number> }).echo));
	}

	console.log(`\nThe lesson page in Chromium (${loads} loads, ${keys} keystrokes)\n`);
	report('navigation → prompt', toPrompt, 1500);
	report('keystroke → echo', echo, 50);
} catch (error) {
	console.error('bench: failed:', error);
	process.exitCode = 1;
} finally {
	await browser.close().catch(() => {});
	await site.stop().catch(() => {});
	await sandbox.stop().catch(() => {});
	await removeInstance(instance).catch(() => {});
}
