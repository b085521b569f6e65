import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser';
import { useSiteWithSandbox } from '../helpers/site';

/**
 * The whole path a learner's keystrokes take: Chromium → the site (cookie,
 * ownership) → the sandbox service → their engine; and port previews on
 * their own origin, for the owner only.
 */
const env = useSiteWithSandbox('sandbox');

const { newPage } = useBrowser(() => env().url);

async function guestWithSession(page: Page): Promise<string> {
	await page.goto('/');
	await page.getByRole('button', { name: 'Start learning — no sign-up' }).click();
	await page.waitForURL('**/learn');
	return page.evaluate(async () => {
		const res = await fetch('/api/sandbox/session', { method: 'POST' });
		if (!res.ok) throw new Error(`session: HTTP ${res.status}`);
		return ((await res.json()) as { id: string }).id;
	});
}

/** Opens the site's terminal WebSocket in the page, types, and returns what came back. */
function typeInTerminal(page: Page, session: string, input: string, until: string) {
	return page.evaluate(
		({ session, input, until }) =>
			new Promise<{ output: string; closeCode?: number }>((resolve) => {
				const ws = new WebSocket(
					`ws://${location.host}/ws/terminal?session=${session}&cols=100&rows=30`
				);
				ws.binaryType = 'arraybuffer';
				const decoder = new TextDecoder();
				let output = '';
				let sent = false;
				const timer = setTimeout(() => resolve({ output }), 20_000);
				ws.onmessage = (event) => {
					if (typeof event.data === 'string') return;
					output += decoder.decode(event.data as ArrayBuffer, { stream: true });
					if (!sent && /# $/.test(output)) {
						sent = true;
						ws.send(new TextEncoder().encode(input));
					}
					if (output.includes(until)) {
						clearTimeout(timer);
						ws.close();
						resolve({ output });
					}
				};
				ws.onclose = (event) => {
					clearTimeout(timer);
					resolve({ output, closeCode: event.code });
				};
			}),
		{ session, input, until }
	);
}

describe('a learner engine through the site, in Chromium', () => {
	it("types into the learner's own engine over the site's WebSocket", async () => {
		const page = await newPage();
		const session = await guestWithSession(page);
		const { output } = await typeInTerminal(page, session, 'echo "answer-$((6*7))"\r', 'answer-42');
		expect(output).toContain('answer-42');
	});

	it("opens a published port through a private preview origin, and only for the session's owner", async () => {
		const owner = await newPage();
		const session = await guestWithSession(owner);
		const run = await env().sandbox.client.sh(
			session,
			'docker run -d -p 8080:80 nginx >/dev/null && for i in $(seq 50); do curl -sf localhost:8080 >/dev/null && break; sleep 0.1; done'
		);
		expect(run.exitCode).toBe(0);

		await owner.goto(`/preview/${session}/8080`);
		expect(new URL(owner.url()).host).toBe(`s-${session}-8080.${new URL(env().url).host}`);
		expect(await owner.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to nginx!');
		// The token left the address bar.
		expect(owner.url()).not.toContain('token=');

		const stranger = await newPage();
		await guestWithSession(stranger);
		const answer = await stranger.goto(`/preview/${session}/8080`);
		expect(answer?.status()).toBe(404);
		// Going straight to the preview origin without the owner's cookie gets nothing either.
		const direct = await stranger.goto(`http://s-${session}-8080.${new URL(env().url).host}/`);
		expect(direct?.status()).toBe(401);
		expect(await stranger.content()).not.toContain('Welcome to nginx');
		// Nor can the stranger open a terminal in it.
		const { output, closeCode } = await typeInTerminal(stranger, session, 'echo pwned\r', 'pwned');
		expect(output).toBe('');
		expect(closeCode).not.toBe(1000);
	});

	it('returns the engine a learner already has to every tab that asks', async () => {
		const page = await newPage();
		const first = await guestWithSession(page);
		const ids = await page.evaluate(() =>
			Promise.all(
				[1, 2, 3].map(() =>
					fetch('/api/sandbox/session', { method: 'POST' }).then(
						async (r) => ((await r.json()) as { id: string }).id
					)
				)
			)
		);
		expect(new Set([first, ...ids])).toEqual(new Set([first]));
	});

	it('gives a new learner an engine of their own, at once and together', async () => {
		const page = await newPage();
		await page.goto('/');
		await page.getByRole('button', { name: 'Start learning — no sign-up' }).click();
		await page.waitForURL('**/learn');
		const ids = await page.evaluate(() =>
			Promise.all(
				[1, 2].map(() =>
					fetch('/api/sandbox/session', { method: 'POST' }).then(
						async (r) => ((await r.json()) as { id: string }).id
					)
				)
			)
		);
		expect(ids[0]).toBe(ids[1]);
		const sessions = await env().sandbox.client.listSessions();
		expect(sessions.filter((s) => s.id === ids[0])).toHaveLength(1);
	});
});
