import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../web/src/lib/server/db';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import { useBrowser } from '../helpers/browser';
import { e2eDatabase, signIn as signInAs, useSiteWithSandbox } from '../helpers/site';

/**
 * An instructor writes a lab in the browser: sees a problem appear in
 * Monaco while typing a bad check, fixes it, proves the lab solvable in a
 * real engine, publishes it, and can then assign it to the class. A lab the
 * class is assigned cannot be unpublished or deleted until that assignment
 * is; then it can, and its learners lose it.
 */
const PASSWORD = 'long-enough-password';
const hopper = { email: 'hopper@example.com', name: 'Grace Hopper' };
const ritchie = { email: 'ritchie@example.com', name: 'Dennis Ritchie' };
const linus = { email: 'linus@example.com', name: 'Linus Torvalds' };

/** Instructors, made as an operator does (setRole), and a learner, before the site opens the database. */
async function seed(db: Database) {
	for (const person of [hopper, ritchie]) {
		await register(db, { email: person.email, password: PASSWORD, displayName: person.name });
		expect(await setRole(db, person.email, 'instructor')).toBe(true);
	}
	await register(db, { email: linus.email, password: PASSWORD, displayName: linus.name });
}

const env = useSiteWithSandbox('labs', { seed });
const siteUrl = () => env().site.url;

const { newPage } = useBrowser(siteUrl);

const signIn = (page: Page, email: string) => signInAs(page, email, PASSWORD);

const problems = (page: Page) => page.getByTestId('problems');
/** The lab API, called as the editor calls it (from the site's own origin). */
const callApi = (page: Page, method: string, url: string) =>
	page.request.fetch(url, {
		method,
		headers: { origin: siteUrl(), 'content-type': 'application/json' },
		data: { files: {} }
	});
/** Opens a confirmation (a <details>) by its summary. */
const confirmation = (page: Page, summary: string) =>
	page.locator('summary', { hasText: summary }).click();
const LAB_TITLE = 'Lab: Serve a page';

describe(`instructor-written labs in Chromium (${e2eDatabase()})`, () => {
	let labPath = '';
	let classPath = '';
	let joinCode = '';
	const labId = () => labPath.split('/').at(-1)!;

	it(
		'lets an instructor write a lab, see a problem while typing, prove and publish it',
		{ timeout: 300_000 },
		async () => {
			const page = await newPage({ viewport: { width: 1400, height: 900 } });
			await signIn(page, hopper.email);
			await page.goto('/teach');
			await page.getByLabel('Class name').fill('Docker 101');
			await page.getByRole('button', { name: 'Create class' }).click();
			await page.waitForURL(/\/teach\/[a-z0-9]+$/);
			classPath = new URL(page.url()).pathname;
			joinCode = await page.getByRole('textbox', { name: 'Join code' }).inputValue();

			await page.getByRole('link', { name: 'Labs you wrote' }).click();
			await page.waitForURL(`**${classPath}/labs`);
			await page.getByRole('button', { name: 'New lab' }).click();
			await page.waitForURL(/\/labs\/[a-z2-7]{24}$/);
			labPath = new URL(page.url()).pathname;
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lab: Serve a page');
			expect(await page.getByTestId('lab-state').textContent()).toBe('Draft');
			expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
			expect(await page.getByTestId('publish-why').textContent()).toMatch(
				/Prove the draft solvable before publishing it/
			);
			expect(await page.getByTestId('no-problems').isVisible()).toBe(true);

			// Type a bad value into a check: the problem appears, in the list and in Monaco.
			await page.getByRole('button', { name: 'steps/01-serve-the-site.md', exact: true }).click();
			const lines = page.locator('.monaco-editor .view-lines');
			// Monaco draws spaces as no-break spaces, which \s matches.
			await expect.poll(() => lines.textContent()).toMatch(/containerPort:\s80/);
			await lines.click();
			await page.keyboard.press('Control+Home');
			for (let i = 1; i < 11; i++) await page.keyboard.press('ArrowDown');
			await page.keyboard.press('End');
			await page.keyboard.type('x');
			await expect
				.poll(() => problems(page).textContent(), { timeout: 10_000 })
				.toMatch(
					/steps\/01-serve-the-site\.md:11: checks\[1\]\.containerPort: Invalid input: expected number, received string/
				);
			// The loader stops at the first problem: the list says so, lest it look like the only one.
			expect(await page.getByTestId('first-problem').textContent()).toMatch(
				/^The first problem found: .* there may be more after it\.$/
			);
			await expect
				.poll(() => page.locator('.monaco-editor .squiggly-error').count())
				.toBeGreaterThan(0);
			expect(await page.getByText('Unsaved changes', { exact: true }).isVisible()).toBe(true);

			// Fixing it clears the problem.
			await page.keyboard.press('Backspace');
			await expect
				.poll(() => page.getByTestId('no-problems').isVisible(), { timeout: 10_000 })
				.toBe(true);
			await expect.poll(() => page.locator('.monaco-editor .squiggly-error').count()).toBe(0);

			// Prove it (which saves first): progress, then each check's verdict.
			await page.getByRole('button', { name: 'Prove solvable' }).click();
			await expect.poll(() => page.getByText(/Proving in a fresh engine/).isVisible()).toBe(true);
			const proof = page.getByTestId('proof');
			await expect
				.poll(() => proof.getByRole('status').textContent(), { timeout: 240_000 })
				.toMatch(/^\s*Solvable/);
			expect(await proof.locator('li.pass').count()).toBe(3);
			expect(await proof.textContent()).toContain('container web');

			const publish = page.getByRole('button', { name: 'Publish' });
			await expect.poll(() => publish.isEnabled()).toBe(true);
			await publish.click();
			await expect.poll(() => page.getByTestId('lab-state').textContent()).toBe('Published');
			expect(await page.getByText(/learners of this class can open it/).isVisible()).toBe(true);

			// The class can now be assigned the lab.
			await page.goto(classPath);
			expect(await page.locator('option', { hasText: 'Lab: Serve a page' }).count()).toBe(1);
			await page.goto(`${classPath}/labs`);
			expect(await page.getByTestId('lab-state').textContent()).toMatch(/Published/);
		}
	);

	it('lets the instructor try the draft in the lesson player, in their own engine', async () => {
		const page = await newPage({ viewport: { width: 1400, height: 900 } });
		await signIn(page, hopper.email);
		await page.goto(labPath);
		await page.getByRole('button', { name: 'Try it in my sandbox' }).click();
		await page.waitForURL(/\/learn\/lab-[a-z2-7]{24}-draft\/serve-the-site$/, {
			timeout: 60_000
		});
		await expect
			.poll(() => page.getByRole('heading', { name: 'Serve the site' }).isVisible())
			.toBe(true);
	});

	it('keeps a lab from instructors of other classes and from learners, pages and APIs alike', async () => {
		const api = [
			['POST', `/api/labs/${labId()}/validate`],
			['PUT', `/api/labs/${labId()}`],
			['POST', `/api/labs/${labId()}/prove`],
			['POST', `/api/labs/${labId()}/publish`],
			['POST', `/api/labs/${labId()}/try`],
			['POST', `/api/labs/${labId()}/unpublish`],
			['DELETE', `/api/labs/${labId()}`]
		] as const;
		const page = await newPage();
		await signIn(page, ritchie.email);
		expect((await page.goto(labPath))!.status()).toBe(404);
		expect((await page.goto(`${classPath}/labs`))!.status()).toBe(404);
		for (const [method, url] of api)
			expect((await callApi(page, method, url)).status(), `${method} ${url}`).toBe(404);
		// Neither the published lab nor its draft opens for someone outside the class.
		expect((await page.goto(`/learn/lab-${labId()}`))!.status()).toBe(404);
		expect((await page.goto(`/learn/lab-${labId()}-draft`))!.status()).toBe(404);

		// A learner (of this class, even): labs are written by instructors.
		const learner = await newPage();
		await signIn(learner, linus.email);
		await learner.goto(`/join/${joinCode}`);
		await learner.getByRole('button', { name: 'Join', exact: true }).click();
		await learner.waitForURL('**/classes?joined=*');
		expect((await learner.goto(labPath))!.status()).toBe(403);
		for (const [method, url] of api)
			expect((await callApi(learner, method, url)).status(), `${method} ${url}`).toBe(403);
		// They open the published lab itself, as its class's learner.
		const open = await learner.request.get(`/learn/lab-${labId()}`, { maxRedirects: 0 });
		expect(open.status()).toBe(307);

		// None of it touched the lab.
		const owner = await newPage();
		await signIn(owner, hopper.email);
		await owner.goto(labPath);
		expect(await owner.getByTestId('lab-state').textContent()).toBe('Published');
	});

	it(
		'refuses to unpublish or delete an assigned lab, naming the assignment, until it is deleted',
		{ timeout: 120_000 },
		async () => {
			const page = await newPage({ viewport: { width: 1400, height: 900 } });
			await signIn(page, hopper.email);
			await page.goto(classPath);
			await page.getByLabel('Lesson or lab', { exact: true }).selectOption({ label: LAB_TITLE });
			await page.getByRole('button', { name: 'Assign', exact: true }).click();
			await page.getByText(`“${LAB_TITLE}” is assigned to Docker 101.`).waitFor();

			await page.goto(labPath);
			const said = page.getByTestId('withdrawal');
			// Nothing is deleted before the instructor confirms.
			expect(await page.getByRole('button', { name: 'Yes, delete the lab' }).isVisible()).toBe(
				false
			);
			await confirmation(page, 'Delete lab…');
			await page.getByRole('button', { name: 'Yes, delete the lab' }).click();
			await expect
				.poll(() => said.textContent())
				.toContain(
					`“${LAB_TITLE}” is assigned to Docker 101, so it cannot be deleted: its submissions and grades depend on it. Delete that assignment first`
				);
			await confirmation(page, 'Unpublish…');
			await page.getByRole('button', { name: 'Yes, unpublish the lab' }).click();
			await expect.poll(() => said.textContent()).toContain('so it cannot be unpublished');

			// The message leads to the assignment; once that is deleted, the lab can be unpublished.
			await said.getByRole('link', { name: 'Open the assignment' }).click();
			await page.waitForURL(`**${classPath}/assignments/*`);
			await confirmation(page, 'Delete…');
			await page.getByRole('button', { name: 'Yes, delete the assignment' }).click();
			await page.waitForURL(`**${classPath}?deleted=*`);

			await page.goto(labPath);
			// Neither refusal changed the lab.
			expect(await page.getByTestId('lab-state').textContent()).toBe('Published');
			await confirmation(page, 'Unpublish…');
			await page.getByRole('button', { name: 'Yes, unpublish the lab' }).click();
			await expect.poll(() => said.textContent()).toMatch(/^\s*Unpublished: learners/);
			expect(await page.getByTestId('lab-state').textContent()).toBe('Proven, not published');

			// The class's learners lose it, and it is no longer among what can be assigned.
			const learner = await newPage();
			await signIn(learner, linus.email);
			const gone = await learner.request.get(`/learn/lab-${labId()}`, { maxRedirects: 0 });
			expect(gone.status()).toBe(404);
			await page.goto(classPath);
			expect(await page.locator('option', { hasText: LAB_TITLE }).count()).toBe(0);

			// The draft was proven: it can go out again at once.
			await page.goto(labPath);
			await page.getByRole('button', { name: 'Publish', exact: true }).click();
			await expect.poll(() => page.getByTestId('lab-state').textContent()).toBe('Published');
		}
	);

	it('deletes labs after a confirmation: a draft, and a published lab nobody is assigned', async () => {
		const page = await newPage({ viewport: { width: 1400, height: 900 } });
		await signIn(page, hopper.email);
		await page.goto(`${classPath}/labs`);
		await page.getByRole('button', { name: 'New lab' }).click();
		await page.waitForURL(/\/labs\/[a-z2-7]{24}$/);
		const draftPath = new URL(page.url()).pathname;
		await confirmation(page, 'Delete lab…');
		expect(
			await page
				.getByText(`Delete “${LAB_TITLE}”, its draft and its proof? This cannot be undone.`)
				.isVisible()
		).toBe(true);
		await page.getByRole('button', { name: 'Yes, delete the lab' }).click();
		await page.waitForURL(`**${classPath}/labs?deleted=*`);
		expect(await page.getByText(`“${LAB_TITLE}” is deleted.`).isVisible()).toBe(true);
		const listed = page.getByRole('list', { name: 'Labs of this class' }).getByRole('listitem');
		expect(await listed.count()).toBe(1);
		expect((await page.goto(draftPath))!.status()).toBe(404);

		// The published one goes from its learners with it.
		await page.goto(labPath);
		await confirmation(page, 'Delete lab…');
		expect(
			await page
				.getByText(
					`Delete “${LAB_TITLE}”, its draft and its proof, and take it from the class’s learners? This cannot be undone.`
				)
				.isVisible()
		).toBe(true);
		await page.getByRole('button', { name: 'Yes, delete the lab' }).click();
		await page.waitForURL(`**${classPath}/labs?deleted=*`);
		expect(await page.getByText('No labs yet.').isVisible()).toBe(true);
		expect((await page.goto(labPath))!.status()).toBe(404);

		const learner = await newPage();
		await signIn(learner, linus.email);
		const gone = await learner.request.get(`/learn/lab-${labId()}`, { maxRedirects: 0 });
		expect(gone.status()).toBe(404);
	});
});
