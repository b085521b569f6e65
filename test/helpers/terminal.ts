import type { Page } from 'playwright-core';

/** Starts as a guest from the home page. */
export async function startAsGuest(page: Page): Promise<void> {
	await page.goto('/');
	await page.getByRole('button', { name: 'Start learning — no sign-up' }).click();
	await page.waitForURL('**/learn');
}

/** The text on the active terminal tab's screen (xterm's DOM renderer draws it as rows). */
export function screenText(page: Page): Promise<string> {
	return page
		.locator('[data-testid="terminal-screen"]:visible .xterm-rows')
		.evaluate((rows) =>
			[...rows.children]
				.map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
				.join('\n')
		);
}

export async function waitForScreen(
	page: Page,
	pattern: RegExp,
	timeoutMs = 30_000
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let text = '';
	while (Date.now() < deadline) {
		text = await screenText(page).catch(() => '');
		if (pattern.test(text)) return text;
		await page.waitForTimeout(100);
	}
	throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
}

/** Types a command into the terminal with the keyboard, as a learner does, and presses Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
	await page.locator('[data-testid="terminal-screen"]:visible').click();
	await page.keyboard.type(command);
	await page.keyboard.press('Enter');
}
