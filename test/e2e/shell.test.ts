import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser';
import { useSite } from '../helpers/site';

const site = useSite();

const { newPage } = useBrowser(() => site().url);

describe('the site shell', () => {
	it('says what Berth is on the home page', async () => {
		const page = await newPage();
		await page.goto('/');
		expect(await page.title()).toBe('Berth · Learn Docker by doing it');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Learn Docker by doing it.'
		);
		expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
	});

	it('switches to the dark theme and keeps it across a reload', async () => {
		const page = await newPage({ viewport: { width: 1280, height: 800 } });
		await page.emulateMedia({ colorScheme: 'light' });
		await page.goto('/');
		const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		const light = await background();

		await page.getByRole('radio', { name: 'Dark' }).check({ force: true });
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		const dark = await background();
		expect(dark).not.toBe(light);

		await page.reload();
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		expect(await background()).toBe(dark);
		expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
	});

	it('follows the system theme until the visitor picks one', async () => {
		const page = await newPage();
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.goto('/');
		const scheme = await page.evaluate(
			() => getComputedStyle(document.documentElement).colorScheme
		);
		const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		expect(scheme).toBe('light dark');
		expect(bg).toBe('rgb(17, 23, 25)');
	});

	it.each([
		['a phone', { width: 375, height: 740 }],
		['a desktop', { width: 1440, height: 900 }]
	])('fits %s without sideways scrolling', async (_, viewport) => {
		const page = await newPage({ viewport });
		for (const path of ['/', '/signin', '/signup', '/learn']) {
			await page.goto(path);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `${path} at ${viewport.width}px`).toBeLessThanOrEqual(0);
		}
	});

	it('answers WebSocket upgrades on the same port, for signed-in visitors from this site only', async () => {
		// Become a guest, as the home page's form does, to get a session cookie.
		const start = await fetch(`${site().url}/start`, {
			method: 'POST',
			headers: {
				origin: site().url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: '',
			redirect: 'manual'
		});
		expect(start.status).toBe(303);
		const cookie = start.headers
			.getSetCookie()
			.find((c) => c.startsWith('berth_session='))!
			.split(';')[0]!;
		const wsUrl = site().url.replace('http', 'ws') + '/ws/hello';

		const hello = await new Promise<{ type: string; user: { isGuest: boolean } }>(
			(resolve, reject) => {
				const ws = new WebSocket(wsUrl, { headers: { cookie, origin: site().url } });
				ws.on('message', (data) => resolve(JSON.parse(String(data))));
				ws.on('error', reject);
			}
		);
		expect(hello).toMatchObject({ type: 'hello', user: { isGuest: true } });

		const refusal = (headers: Record<string, string>) =>
			new Promise<number>((resolve) => {
				const ws = new WebSocket(wsUrl, { headers });
				ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
				ws.on('open', () => resolve(101));
			});
		expect(await refusal({ origin: site().url })).toBe(401);
		expect(await refusal({ cookie, origin: 'http://evil.example' })).toBe(403);
		expect(await refusal({ cookie: 'berth_session=forged', origin: site().url })).toBe(401);
	});

	it('refuses a cross-site form post (CSRF)', async () => {
		const response = await fetch(`${site().url}/start`, {
			method: 'POST',
			headers: {
				origin: 'http://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: '',
			redirect: 'manual'
		});
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie()).toEqual([]);
	});
});
