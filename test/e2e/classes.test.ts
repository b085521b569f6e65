import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../web/src/lib/server/db';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import { useBrowser } from '../helpers/browser';
import { e2eDatabase, signIn as signInAs, useSite } from '../helpers/site';

const PASSWORD = 'long-enough-password';
const hopper = { email: 'hopper@example.com', name: 'Grace Hopper' };
const ritchie = { email: 'ritchie@example.com', name: 'Dennis Ritchie' };

/**
 * Two instructor accounts, made the way an operator does (`npm run
 * user:role` calls setRole), in the very database the site then opens. The
 * embedded database allows one process at a time, so this happens before the
 * site starts.
 */
async function seed(db: Database) {
	for (const person of [hopper, ritchie]) {
		await register(db, { email: person.email, password: PASSWORD, displayName: person.name });
		expect(await setRole(db, person.email, 'instructor')).toBe(true);
	}
}

const site = useSite({ seed });
const siteUrl = () => site().url;

const { newPage } = useBrowser(siteUrl);

const signIn = (page: Page, email: string) => signInAs(page, email, PASSWORD);

/** A new guest, by way of `path` (which sends signed-out visitors to /start and back). */
async function guestAt(page: Page, where: string, name: string) {
	await page.goto(where);
	expect(new URL(page.url()).pathname).toBe('/start');
	expect(new URL(page.url()).searchParams.get('next')).toBe(where);
	await page.getByRole('button', { name: 'Start as a guest' }).click();
	await page.waitForURL(`**${where}`);
	// A name, so the instructor can tell this guest apart on the roster.
	const back = page.url();
	await page.goto('/account');
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved.');
	await page.goto(back);
}

async function joinWith(page: Page, code: string) {
	await page.getByLabel('Class code').fill(code);
	await page.getByRole('button', { name: 'Join class' }).click();
}

/** A form post straight to an action, as a script would send it (past any page that hides it). */
function post(page: Page, pathAndAction: string, form: Record<string, string>) {
	return page.request.post(pathAndAction, {
		form,
		headers: { origin: siteUrl() },
		maxRedirects: 0
	});
}

const learnerRows = (page: Page) => page.getByTestId('learner-row');

describe(`classes in Chromium (${e2eDatabase()})`, () => {
	let classPath = '';
	let code = '';

	it('lets an instructor create a class and copy its code and link', async () => {
		const page = await newPage();
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
			origin: siteUrl()
		});
		await signIn(page, hopper.email);
		await page.getByRole('link', { name: 'Teach' }).click();
		await page.waitForURL('**/teach');

		// An empty name is refused on the form, naming the field.
		await page.getByRole('button', { name: 'Create class' }).click();
		await expect.poll(() => page.getByText('Give the class a name.').isVisible()).toBe(true);
		expect(await page.getByLabel('Class name').getAttribute('aria-invalid')).toBe('true');

		await page.getByLabel('Class name').fill('Docker 101');
		await page.getByRole('button', { name: 'Create class' }).click();
		await page.waitForURL(/\/teach\/[a-z0-9]+$/);
		classPath = new URL(page.url()).pathname;
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Docker 101');

		code = await page.getByRole('textbox', { name: 'Join code' }).inputValue();
		expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
		await page.getByRole('button', { name: 'Copy join code' }).click();
		await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(code);
		expect(await page.getByText('Copied to the clipboard.').isVisible()).toBe(true);

		await page.getByRole('button', { name: 'Copy join link' }).click();
		await expect
			.poll(() => page.evaluate(() => navigator.clipboard.readText()))
			.toBe(`${siteUrl()}/join/${code}`);

		await page.goto('/teach');
		expect(await page.getByRole('link', { name: 'Docker 101' }).getAttribute('href')).toBe(
			classPath
		);
	});

	it('lets a guest join with the code, after a wrong one, and shows them on the roster', async () => {
		const learner = await newPage();
		await guestAt(learner, '/join', 'Linus');

		await joinWith(learner, 'ZZZZ2222');
		await expect
			.poll(() => learner.getByText('No class has the code ZZZZ2222.').isVisible())
			.toBe(true);
		expect(await learner.getByLabel('Class code').getAttribute('aria-invalid')).toBe('true');
		await joinWith(learner, 'hello');
		await expect
			.poll(() => learner.getByText('A class code has 8 letters and digits').isVisible())
			.toBe(true);
		await learner.goto('/classes');
		expect(await learner.getByText('You are not in any class yet.').isVisible()).toBe(true);

		// Typed loosely: lower case, with a dash in the middle.
		await learner.goto('/join');
		await joinWith(learner, `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
		await learner.waitForURL('**/classes?joined=*');
		expect(await learner.getByRole('status').textContent()).toContain('You joined “Docker 101”.');
		expect(await learner.getByText('Taught by Grace Hopper').isVisible()).toBe(true);

		const teacher = await newPage();
		await signIn(teacher, hopper.email);
		await teacher.goto(classPath);
		await expect.poll(() => learnerRows(teacher).count()).toBe(1);
		const row = await learnerRows(teacher).textContent();
		expect(row).toContain('Linus');
		expect(row).toContain('guest');
	});

	it('joins by link, and refuses a revoked code with a clear message', async () => {
		const learner = await newPage();
		await guestAt(learner, `/join/${code}`, 'Margaret');
		expect(await learner.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Join “Docker 101”'
		);
		await learner.getByRole('button', { name: 'Join', exact: true }).click();
		await learner.waitForURL('**/classes?joined=*');

		const teacher = await newPage();
		await signIn(teacher, hopper.email);
		await teacher.goto(classPath);
		await expect.poll(() => learnerRows(teacher).count()).toBe(2);
		await teacher.getByRole('button', { name: 'Revoke code' }).click();
		await expect.poll(() => teacher.getByTestId('no-code').isVisible()).toBe(true);

		const late = await newPage();
		await guestAt(late, `/join/${code}`, 'Latecomer');
		expect(await late.getByRole('alert').textContent()).toBe(
			'This link to “Docker 101” no longer works. Ask your instructor for the current one.'
		);
		await late.goto('/join');
		await joinWith(late, code);
		await expect
			.poll(() => late.getByText(`The code ${code} for “Docker 101” no longer works.`).isVisible())
			.toBe(true);
		await late.goto('/classes');
		expect(await late.getByText('You are not in any class yet.').isVisible()).toBe(true);

		// A fresh code works again.
		await teacher.getByRole('button', { name: 'Make a code' }).click();
		await expect
			.poll(() => teacher.getByRole('textbox', { name: 'Join code' }).isVisible())
			.toBe(true);
		code = await teacher.getByRole('textbox', { name: 'Join code' }).inputValue();
		await expect.poll(() => learnerRows(teacher).count()).toBe(2);
	});

	it('keeps a class from other instructors and from learners, pages and actions alike', async () => {
		const teacher = await newPage();
		await signIn(teacher, hopper.email);
		await teacher.goto(classPath);
		const linus = await learnerRows(teacher)
			.filter({ hasText: 'Linus' })
			.locator('input[name=member]')
			.inputValue();

		// Signed out: off to sign in, and back.
		const stranger = await newPage();
		await stranger.goto('/teach');
		expect(new URL(stranger.url()).pathname + new URL(stranger.url()).search).toBe(
			'/signin?next=%2Fteach'
		);

		// Another instructor: the class is not there for them.
		const other = await newPage();
		await signIn(other, ritchie.email);
		expect((await other.goto(classPath))!.status()).toBe(404);
		expect(await other.getByText('There is no class of yours here.').isVisible()).toBe(true);
		await other.goto('/teach');
		expect(await other.getByRole('link', { name: 'Docker 101' }).count()).toBe(0);
		expect((await post(other, `${classPath}?/remove`, { member: linus })).status()).toBe(404);
		expect((await post(other, `${classPath}?/revokeCode`, {})).status()).toBe(404);
		expect(
			(await post(other, `${classPath}?/addInstructor`, { email: ritchie.email })).status()
		).toBe(404);

		// A learner in the class: told teaching is for instructors.
		const learner = await newPage();
		await guestAt(learner, '/join', 'Ken');
		await joinWith(learner, code);
		await learner.waitForURL('**/classes?joined=*');
		const page = await learner.goto(classPath);
		expect(page!.status()).toBe(403);
		expect(await learner.getByText('Teaching pages are for instructor accounts.').isVisible()).toBe(
			true
		);
		expect((await learner.goto('/teach'))!.status()).toBe(403);
		expect((await post(learner, `${classPath}?/remove`, { member: linus })).status()).toBe(403);
		expect((await post(learner, `${classPath}?/newCode`, { days: '7' })).status()).toBe(403);

		// None of it changed anything.
		await teacher.reload();
		await expect.poll(() => learnerRows(teacher).count()).toBe(3);
		expect(await teacher.getByRole('textbox', { name: 'Join code' }).inputValue()).toBe(code);
		expect(await teacher.getByText(ritchie.email).count()).toBe(0);

		// The same request from the class's instructor does take effect.
		const added = await post(teacher, `${classPath}?/addInstructor`, { email: ritchie.email });
		expect(added.status()).toBe(200);
		expect((await other.goto(classPath))!.status()).toBe(200);
	});

	it('adds a co-instructor by email, naming the field when it cannot', async () => {
		const teacher = await newPage();
		await signIn(teacher, hopper.email);
		await teacher.goto(classPath);
		const email = teacher.getByLabel('Their email');

		await email.fill('nobody@example.com');
		await teacher.getByRole('button', { name: 'Add co-instructor' }).click();
		await expect
			.poll(() => teacher.getByText('No account has the email nobody@example.com.').isVisible())
			.toBe(true);
		expect(await email.getAttribute('aria-invalid')).toBe('true');

		await email.fill(ritchie.email);
		await teacher.getByRole('button', { name: 'Add co-instructor' }).click();
		await expect
			.poll(() => teacher.getByText('Dennis Ritchie already teaches this class.').isVisible())
			.toBe(true);
	});

	it('removes a learner after confirmation; the class leaves their list', async () => {
		const teacher = await newPage();
		await signIn(teacher, hopper.email);
		await teacher.goto(classPath);
		const row = learnerRows(teacher).filter({ hasText: 'Ken' });
		await row.getByText('Remove', { exact: true }).click();
		await row.getByRole('button', { name: 'Yes, remove Ken' }).click();
		await expect
			.poll(() => teacher.getByText('Ken is no longer in Docker 101.').isVisible())
			.toBe(true);
		await expect.poll(() => learnerRows(teacher).count()).toBe(2);
		expect(await learnerRows(teacher).filter({ hasText: 'Ken' }).count()).toBe(0);
	});
});
