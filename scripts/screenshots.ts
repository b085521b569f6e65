/**
 * `npm run screenshots`: starts the built site on an embedded database and
 * saves pictures of it in both themes to docs/screenshots/ (used by README).
 */
import fs from 'node:fs';
import { launchChromium } from '../test/helpers/browser';
import { startSite } from '../test/helpers/site';

const out = 'docs/screenshots';
fs.mkdirSync(out, { recursive: true });

const site = await startSite('pglite');
const browser = await launchChromium();
try {
	for (const theme of ['light', 'dark'] as const) {
		const context = await browser.newContext({
			baseURL: site.url,
			viewport: { width: 1280, height: 860 },
			colorScheme: theme
		});
		const page = await context.newPage();
		await page.goto('/');
		await page.screenshot({ path: `${out}/home-${theme}.png` });
		await page.goto('/signup');
		await page.screenshot({ path: `${out}/signup-${theme}.png` });
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
}
