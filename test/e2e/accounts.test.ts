import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser';
import { e2eDatabase, useSite } from '../helpers/site';

const site = useSite();

const { newPage } = useBrowser(() => site().url);

let counter = 0;
/** A fresh email per test, so tests never share an account. */
const freshEmail = (label: string) =>
	`${label}-${Date.now().toString(36)}-${counter++}@example.com`;

async function signUp(page: Page, fields: { email: string; password: string; name?: string }) {
	await page.goto('/signup');
	if (fields.name !== undefined) await page.getByLabel('Name').fill(fields.name);
	await page.getByLabel('Email').fill(fields.email);
	await page.getByLabel('Password').fill(fields.password);
	await page.getByRole('button', { name: 'Sign up' }).click();
}

async function signIn(page: Page, email: string, password: string) {
	await page.goto('/signin');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

const signedInAs = (page: Page) => page.getByTestId('signed-in-as');

describe(`accounts in Chromium (${e2eDatabase()})`, () => {
	it('runs on the database this suite was asked for', async () => {
		const health = await fetch(`${site().url}/healthz`).then((r) => r.json());
		expect(health).toEqual({ ok: true, database: site().database });
	});

	it('signs up, signs out and signs back in', async () => {
		const page = await newPage();
		const email = freshEmail('ada');
		await signUp(page, { email, password: 'analytical-engine', name: 'Ada' });
		await page.waitForURL('**/learn');
		await expect.poll(() => signedInAs(page).textContent()).toBe('Ada');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Ada');

		// The session cookie is httpOnly and SameSite.
		const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'berth_session');
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.waitForURL(site().url + '/');
		await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
		expect(await signedInAs(page).count()).toBe(0);

		await signIn(page, email, 'analytical-engine');
		await page.waitForURL('**/learn');
		await expect.poll(() => signedInAs(page).textContent()).toBe('Ada');
	});

	it('says the same thing for a wrong password and an unknown email', async () => {
		const page = await newPage();
		const email = freshEmail('grace');
		await signUp(page, { email, password: 'compilers-1952' });
		await page.waitForURL('**/learn');
		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.waitForURL(site().url + '/');

		await signIn(page, email, 'not-my-password');
		const alert = page.getByRole('alert');
		await expect.poll(() => alert.textContent()).toBe('Incorrect email or password.');
		expect(new URL(page.url()).pathname).toBe('/signin');
		// The email stays filled in; the password does not come back from the server.
		expect(await page.getByLabel('Email').inputValue()).toBe(email);

		await signIn(page, freshEmail('nobody'), 'not-my-password');
		await expect.poll(() => alert.textContent()).toBe('Incorrect email or password.');
	});

	it('limits sign-in attempts for one email', async () => {
		const page = await newPage();
		const email = freshEmail('target');
		for (let i = 0; i < 5; i++) {
			await signIn(page, email, `guess-${i}`);
			await expect
				.poll(() => page.getByRole('alert').textContent())
				.toBe('Incorrect email or password.');
		}
		await signIn(page, email, 'guess-5');
		await expect
			.poll(() => page.getByRole('alert').textContent())
			.toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
	});

	it('explains each bad sign-up field on the form and creates nothing', async () => {
		const page = await newPage();
		await page.goto('/signup');
		await page.getByRole('button', { name: 'Sign up' }).click();
		await expect.poll(() => page.getByText('Enter your email address.').isVisible()).toBe(true);
		expect(await page.getByText('Choose a password.').isVisible()).toBe(true);
		expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

		const email = freshEmail('bad');
		await signUp(page, { email: 'not-an-email', password: 'long-enough' });
		await expect
			.poll(() => page.getByText('That does not look like an email address').isVisible())
			.toBe(true);

		await signUp(page, { email, password: 'short' });
		await expect
			.poll(() => page.getByText('Use at least 8 characters for your password.').isVisible())
			.toBe(true);
		expect(new URL(page.url()).pathname).toBe('/signup');

		// None of those attempts created an account.
		await signIn(page, email, 'short');
		await expect
			.poll(() => page.getByRole('alert').textContent())
			.toBe('Incorrect email or password.');
	});

	it('refuses a duplicate email, keeping the first account as it was', async () => {
		const first = await newPage();
		const email = freshEmail('dup');
		await signUp(first, { email, password: 'first-password' });
		await first.waitForURL('**/learn');

		const second = await newPage();
		await signUp(second, { email: email.toUpperCase(), password: 'second-password' });
		await expect
			.poll(() => second.getByText('That email already has an account.').isVisible())
			.toBe(true);

		await signIn(second, email, 'second-password');
		await expect
			.poll(() => second.getByRole('alert').textContent())
			.toBe('Incorrect email or password.');
		await signIn(second, email, 'first-password');
		await second.waitForURL('**/learn');
	});

	it('refuses an oversized form with a message on the form, creating nothing', async () => {
		const page = await newPage();
		const email = freshEmail('big');
		await page.goto('/signup');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill('long-enough');
		// Someone pastes a novel into the name field (maxlength removed, as a script could).
		await page.getByLabel('Name').evaluate((input: HTMLInputElement) => {
			input.removeAttribute('maxlength');
			input.value = 'x'.repeat(40_000);
		});
		await page.getByRole('button', { name: 'Sign up' }).click();
		await expect
			.poll(() => page.getByRole('alert').first().textContent())
			.toMatch(/too large to accept/);

		await signIn(page, email, 'long-enough');
		await expect
			.poll(() => page.getByRole('alert').textContent())
			.toBe('Incorrect email or password.');
	});

	it('lets a guest start at once, and signing up keeps what the guest did', async () => {
		const page = await newPage();
		await page.goto('/');
		await page.getByRole('button', { name: 'Start learning — no sign-up' }).click();
		await page.waitForURL('**/learn');
		expect(await page.getByTestId('guest-notice').isVisible()).toBe(true);
		await expect.poll(() => signedInAs(page).textContent()).toBe('Guest');

		// The guest does something worth keeping.
		await page.goto('/account');
		const memberSince = await page.getByTestId('member-since').textContent();
		await page.getByLabel('Name').fill('Gus the guest');
		await page.getByRole('button', { name: 'Save' }).click();
		await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved.');
		await expect.poll(() => signedInAs(page).textContent()).toBe('Gus the guest');

		await page.getByRole('link', { name: 'Sign up to keep progress' }).click();
		await page.waitForURL('**/signup');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Keep your progress');
		const email = freshEmail('gus');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill('guest-no-more');
		await page.getByRole('button', { name: 'Sign up' }).click();
		await page.waitForURL('**/learn');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Welcome, Gus the guest'
		);
		expect(await page.getByTestId('guest-notice').count()).toBe(0);

		// Same account: same name and the same start date, now with an email.
		await page.goto('/account');
		expect(await page.getByTestId('member-since').textContent()).toBe(memberSince);
		expect(await page.getByText(email).isVisible()).toBe(true);

		// And it is a real account: a new browser can sign in to it.
		const elsewhere = await newPage();
		await signIn(elsewhere, email, 'guest-no-more');
		await elsewhere.waitForURL('**/learn');
		expect(await elsewhere.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Welcome, Gus the guest'
		);
	});
});

describe('typing before the page has loaded its JavaScript', () => {
	it('keeps what was typed when the page comes to life, and the form still works', async () => {
		const page = await newPage();
		// Hold the app's JavaScript back until the visitor has typed.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**/*.js', async (route) => {
			await held;
			await route.continue();
		});
		await page.goto('/signin', { waitUntil: 'domcontentloaded' });
		await page.getByLabel('Email').fill('early@example.com');
		await page.getByLabel('Password').fill('typed-early');

		release();
		// Hydrated: the theme switch responds without a reload.
		await page.waitForFunction(() => {
			const dark = document.querySelector<HTMLInputElement>('input[name="theme"][value="dark"]');
			dark?.click();
			return document.documentElement.dataset.theme === 'dark';
		});
		expect(await page.getByLabel('Email').inputValue()).toBe('early@example.com');
		expect(await page.getByLabel('Password').inputValue()).toBe('typed-early');

		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect
			.poll(() => page.getByRole('alert').textContent())
			.toBe('Incorrect email or password.');
		expect(await page.getByLabel('Email').inputValue()).toBe('early@example.com');
	});
});
