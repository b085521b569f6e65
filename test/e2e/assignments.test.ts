import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import type { Database } from '../../web/src/lib/server/db';
import { toLocalInput } from '../../web/src/lib/datetime';
import { useBrowser } from '../helpers/browser';
import { e2eDatabase, signIn as signInAs, useSiteWithSandbox } from '../helpers/site';
import { typeCommand, waitForScreen } from '../helpers/terminal';

/**
 * Assignments end to end, in Chromium, against the built site, a real
 * sandbox and real engines: an instructor assigns a lesson and a lab, a
 * learner does the lesson by typing its commands and submits the lab (failing
 * first), and the gradebook, its CSV and the learner's record show it. Other
 * instructors and learners are refused every page, download and action,
 * tried directly rather than only through the pages that hide them.
 */

const PASSWORD = 'long-enough-password';
const hopper = { email: 'hopper@example.com', name: 'Grace Hopper' };
const ritchie = { email: 'ritchie@example.com', name: 'Dennis Ritchie' };
const linus = { email: 'linus@example.com', name: 'Linus' };
// A name a spreadsheet would run as a formula.
const mallory = { email: 'mallory@example.com', name: '=2+3 Mallory' };
const ken = { email: 'ken@example.com', name: 'Ken' };
const CLASS = 'Docker 101 — spring';
const LESSON = { slug: 'images-and-containers', title: 'Images and containers' };
const LAB = { slug: 'lab-containerize', title: 'Lab: Containerize a Python app' };
const NEW_YORK = 'America/New_York';
const DAY = 24 * 3600e3;
const PROMPT = /berth:.*# *$/m;

/**
 * Two instructors, made as an operator does (setRole), and three learners,
 * before the site opens the database (the embedded one allows one process).
 */
async function seed(db: Database) {
	for (const person of [hopper, ritchie, linus, mallory, ken])
		await register(db, { email: person.email, password: PASSWORD, displayName: person.name });
	for (const person of [hopper, ritchie])
		expect(await setRole(db, person.email, 'instructor')).toBe(true);
}

const env = useSiteWithSandbox('assignments', { seed });
const siteUrl = () => env().site.url;

const { newPage } = useBrowser(siteUrl);

const signIn = (page: Page, email: string) => signInAs(page, email, PASSWORD);

/** Shows the page's times in New York's zone, as an instructor there sees them. */
async function inNewYork(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setTimezoneOverride', { timezoneId: NEW_YORK });
}

/** Joins the class with its code, as a learner types it. */
async function join(page: Page, code: string) {
	await page.goto('/join');
	await page.getByLabel('Class code').fill(code);
	await page.getByRole('button', { name: 'Join class' }).click();
	await page.waitForURL('**/classes?joined=*');
}

/** A form post straight to an action, as a script would send it. */
function post(page: Page, url: string, form: Record<string, string> = {}) {
	return page.request.post(url, { form, headers: { origin: siteUrl() }, maxRedirects: 0 });
}

function submitLab(page: Page, assignment: string, data?: object) {
	return page.request.post(`/api/assignments/${assignment}/submit`, {
		headers: { origin: siteUrl() },
		data
	});
}

/** A CSV as rows of fields (quotes undone), enough for what gradebookCsv writes. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted && c === '"' && text[i + 1] === '"') {
			field += '"';
			i++;
		} else if (c === '"') {
			quoted = !quoted;
		} else if (quoted || (c !== ',' && c !== '\r' && c !== '\n')) {
			field += c;
		} else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		}
	}
	return rows;
}

/** Waits for the lesson's live checks to pass, by themselves, as the learner works. */
async function stepComplete(page: Page, timeout = 30_000) {
	const checks = page.getByRole('region', { name: /What is checked|Step complete/ });
	await expect
		.poll(() => checks.getByRole('heading').textContent(), { timeout })
		.toBe('Step complete');
}

describe(`assignments in Chromium (${e2eDatabase()})`, () => {
	let classPath = '';
	let code = '';
	let lessonId = '';
	let labId = '';
	let linusId = '';

	it('lets an instructor assign a lesson and a lab, naming each wrong field', async () => {
		const page = await newPage();
		await inNewYork(page);
		await signIn(page, hopper.email);
		await page.goto('/teach');
		await page.getByLabel('Class name').fill(CLASS);
		await page.getByRole('button', { name: 'Create class' }).click();
		await page.waitForURL(/\/teach\/[a-z0-9]+$/);
		classPath = new URL(page.url()).pathname;
		code = await page.getByRole('textbox', { name: 'Join code' }).inputValue();
		expect(await page.getByText('Nothing is assigned yet.').isVisible()).toBe(true);

		// The dates are typed in the instructor's own zone, and the form says which.
		await page.getByText('In your time zone (America/New York).').waitFor();
		const opens = page.getByLabel('Opens');
		const due = page.getByLabel('Due', { exact: true });
		await opens.fill('2030-01-10T09:00');
		await due.fill('2030-01-09T09:00');
		await page.getByRole('button', { name: 'Assign', exact: true }).click();
		await page.getByText('Choose a lesson or lab to assign.').waitFor();
		expect(await page.getByText('The due date must come after it opens.').isVisible()).toBe(true);
		expect(
			await page.getByLabel('Lesson or lab', { exact: true }).getAttribute('aria-invalid')
		).toBe('true');
		expect(await due.getAttribute('aria-invalid')).toBe('true');

		// The lesson was due yesterday: whatever the learner does now is late (and accepted).
		await page.getByLabel('Lesson or lab', { exact: true }).selectOption({ label: LESSON.title });
		// A lesson is not submitted, so it takes no attempt limit.
		expect(await page.getByLabel('Attempt limit').count()).toBe(0);
		await opens.fill(toLocalInput(new Date(Date.now() - 2 * DAY), NEW_YORK));
		await due.fill(toLocalInput(new Date(Date.now() - DAY), NEW_YORK));
		await page.getByRole('button', { name: 'Assign', exact: true }).click();
		await page.getByText(`“${LESSON.title}” is assigned to ${CLASS}.`).waitFor();

		await page.getByLabel('Lesson or lab', { exact: true }).selectOption({ label: LAB.title });
		await page.getByLabel('Attempt limit').fill('3');
		await page.getByLabel('Take a penalty for each day late').check();
		await page.getByLabel('Penalty per day late (%)').fill('0');
		await page.getByRole('button', { name: 'Assign', exact: true }).click();
		await page
			.getByText('The penalty is a whole percentage per day late, from 1 to 100.')
			.waitFor();
		await page.getByLabel('Penalty per day late (%)').fill('10');
		await page.getByRole('button', { name: 'Assign', exact: true }).click();
		await page.getByText(`“${LAB.title}” is assigned to ${CLASS}.`).waitFor();

		const rows = page.getByTestId('assignment-row');
		await expect.poll(() => rows.count()).toBe(2);
		const lab = rows.filter({ hasText: LAB.title });
		expect(await lab.textContent()).toContain('−10% per day late');
		expect((await lab.locator('td').last().textContent())?.trim()).toBe('3');
		expect(await rows.filter({ hasText: LESSON.title }).textContent()).toContain(
			'Late work accepted'
		);
		// Each lesson can be assigned once.
		expect(
			await page.getByRole('option', { name: `${LESSON.title} (already assigned)` }).isDisabled()
		).toBe(true);
		const idOf = async (title: string) =>
			(await rows.filter({ hasText: title }).getByRole('link').getAttribute('href'))!
				.split('/')
				.at(-1)!;
		lessonId = await idOf(LESSON.title);
		labId = await idOf(LAB.title);
	});

	it('changes an assignment’s dates in the instructor’s zone, refusing bad values', async () => {
		const page = await newPage();
		await inNewYork(page);
		await signIn(page, hopper.email);
		await page.goto(`${classPath}/assignments/${labId}`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(LAB.title);
		await page.getByText('In your time zone (America/New York).').waitFor();
		const due = page.getByLabel('Due', { exact: true });

		await due.fill('');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await page.getByText('Give the date and time the assignment is due.').waitFor();

		await due.fill('2030-01-15T17:00');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await page.getByText('Saved.').waitFor();
		// 17:00 in New York in January is 22:00 UTC.
		const utc = await newPage();
		await signIn(utc, hopper.email);
		await utc.goto(`${classPath}/assignments/${labId}`);
		expect(await utc.locator('time[datetime="2030-01-15T22:00:00.000Z"]').count()).toBe(1);
		expect(await utc.getByLabel('Due', { exact: true }).inputValue()).toBe('2030-01-15T22:00');
		expect(await utc.getByLabel('Attempt limit').inputValue()).toBe('3');
		expect(await utc.getByLabel('Penalty per day late (%)').inputValue()).toBe('10');
	});

	it('shows a learner who joins their assignments, with what is overdue', async () => {
		const page = await newPage();
		await signIn(page, linus.email);
		await join(page, code);
		const mine = page.getByTestId('my-assignment');
		await expect.poll(() => mine.count()).toBe(2);
		const lesson = mine.filter({ hasText: LESSON.title });
		expect(await lesson.getByTestId('overdue').isVisible()).toBe(true);
		expect(await lesson.getByTestId('my-status').textContent()).toBe('Not started');
		const lab = mine.filter({ hasText: LAB.title });
		expect(await lab.getByTestId('overdue').count()).toBe(0);
		expect(await lab.textContent()).toContain('0 of 3 attempts');
		expect(await lab.textContent()).toContain('−10% per day late');
		expect(
			await lab.getByRole('link', { name: `Start the lab: ${LAB.title}` }).getAttribute('href')
		).toBe(`/learn/${LAB.slug}`);
	});

	it(
		'grades the lesson as the learner does its steps in the terminal',
		{ timeout: 240_000 },
		async () => {
			const page = await newPage();
			await signIn(page, linus.email);
			await page.goto(`/learn/${LESSON.slug}/first-run`);
			await waitForScreen(page, PROMPT);
			const steps: [string, string[]][] = [
				['first-run', ['docker run busybox echo hello from a container']],
				['list-images', ['docker images']],
				['list-containers', ['docker ps -a']],
				[
					'one-image-many-containers',
					['docker run busybox hostname', 'docker run -d --name sleepy busybox sleep 3600']
				]
			];
			for (const [i, [step, commands]] of steps.entries()) {
				if (i > 0) {
					await page.getByRole('link', { name: /^Next: / }).click();
					await page.waitForURL(`**/learn/${LESSON.slug}/${step}`);
					await waitForScreen(page, PROMPT);
				}
				for (const command of commands) await typeCommand(page, command);
				await stepComplete(page, 60_000);
			}

			await page.goto('/classes');
			const lesson = page.getByTestId('my-assignment').filter({ hasText: LESSON.title });
			expect(await lesson.getByTestId('my-score').textContent()).toBe('100%');
			expect(await lesson.getByTestId('my-status').textContent()).toBe('Complete');
			expect(await lesson.getByTestId('overdue').count()).toBe(0);
			expect(await lesson.getByTestId('my-late').isVisible()).toBe(true);
		}
	);

	it('shows the gradebook, and the same grades in its CSV, safe for spreadsheets', async () => {
		const other = await newPage();
		await signIn(other, mallory.email);
		await join(other, code);

		const page = await newPage();
		await signIn(page, hopper.email);
		await page.goto(classPath);
		await page.getByRole('link', { name: 'Gradebook' }).click();
		await page.waitForURL(`**${classPath}/gradebook`);
		const rows = page.getByTestId('gradebook-row');
		await expect.poll(() => rows.count()).toBe(2);
		const worked = rows.filter({ hasText: linus.name });
		expect(await worked.getByRole('link').textContent()).toBe(linus.name);
		const cell = worked.locator(`[data-testid=grade][data-assignment="${lessonId}"]`);
		expect(await cell.getByTestId('score').textContent()).toBe('100%');
		expect(await cell.textContent()).toContain('Complete');
		expect(await cell.getByTestId('late').isVisible()).toBe(true);
		const at = (await cell.getByTestId('submitted-at').getAttribute('data-at'))!;
		expect(Date.now() - new Date(at).getTime()).toBeLessThan(10 * 60_000);
		const labCell = worked.locator(`[data-testid=grade][data-assignment="${labId}"]`);
		expect(await labCell.textContent()).toContain('Not started');
		linusId = (await worked.getByRole('link').getAttribute('href'))!.split('/').at(-1)!;

		const csv = await page.request.get(`${classPath}/gradebook.csv`);
		expect(csv.status()).toBe(200);
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(csv.headers()['content-disposition']).toBe(
			'attachment; filename="docker-101-spring-gradebook.csv"'
		);
		const [header, ...lines] = parseCsv(await csv.text());
		expect(header).toEqual([
			'Learner',
			'Email',
			`${LESSON.title} score`,
			`${LESSON.title} submitted`,
			`${LESSON.title} late`,
			`${LAB.title} score`,
			`${LAB.title} submitted`,
			`${LAB.title} late`
		]);
		expect(lines).toHaveLength(2);
		expect(lines).toContainEqual([linus.name, linus.email, '100', at, 'yes', '', '', '']);
		// The formula comes out as text: a leading apostrophe.
		expect(lines).toContainEqual([`'${mallory.name}`, mallory.email, '', '', '', '', '', '']);
		// The page shows the name as it is, not started.
		const hers = rows.filter({ hasText: mallory.name });
		expect(await hers.getByRole('link').textContent()).toBe(mallory.name);
		expect(await hers.getByTestId('score').allTextContents()).toEqual(['—', '—']);
	});

	it('shows the learner’s record: each step and check, and their terminal', async () => {
		const page = await newPage();
		await signIn(page, hopper.email);
		await page.goto(`${classPath}/gradebook`);
		await page.getByRole('link', { name: linus.name }).click();
		await page.waitForURL(`**${classPath}/learners/${linusId}`);
		const lesson = page.getByTestId('record').filter({ hasText: LESSON.title });
		const text = (await lesson.textContent())!;
		for (const title of ['Your first docker run', 'One image, many containers'])
			expect(text).toContain(title);
		expect(text).toContain('0 hints used');
		expect(text).not.toContain('Solution viewed');
		expect(await lesson.getByTestId('verdict').count()).toBe(5);
		expect(await lesson.getByTestId('verdict').filter({ hasText: 'First passed' }).count()).toBe(5);
		const replay = lesson.getByRole('link', { name: /^Replay terminal/ });
		expect(await replay.getAttribute('href')).toMatch(
			new RegExp(`^${classPath}/learners/${linusId}/replay/[\\w-]+$`)
		);
	});

	it('takes the lab’s submissions: failing first, then passing', { timeout: 300_000 }, async () => {
		const page = await newPage();
		await signIn(page, linus.email);
		await page.goto(`/learn/${LAB.slug}/ship-notes`);
		const panel = page.getByRole('region', { name: 'Submit for grading' });
		await panel.waitFor();
		expect(await panel.getByTestId('attempts-used').textContent()).toBe('0 of 3 attempts used');
		await waitForScreen(page, PROMPT);

		await panel.getByRole('button', { name: 'Submit for grading' }).click();
		expect(await panel.getByText('this uses attempt 1 of 3').isVisible()).toBe(true);
		await panel.getByRole('button', { name: 'Yes, submit now' }).click();
		const result = panel.getByTestId('submit-result');
		await result.waitFor({ timeout: 60_000 });
		expect(await result.textContent()).toMatch(/Attempt 1: \d+%/);
		expect(await result.textContent()).not.toContain('Attempt 1: 100%');
		expect(await result.getByText('Failed:').count()).toBeGreaterThan(0);

		await typeCommand(
			page,
			`printf 'FROM python:3.11\\nWORKDIR /app\\nCOPY app.py .\\nEXPOSE 8000\\nCMD ["python", "app.py"]\\n' > ~/notes/Dockerfile`
		);
		await typeCommand(
			page,
			'cd ~/notes && docker build -t notes:1.0 . && docker run -d --name notes -p 8000:8000 -e MESSAGE="Shipped with Docker" notes:1.0'
		);
		await stepComplete(page, 180_000);

		await panel.getByRole('button', { name: 'Submit for grading' }).click();
		await panel.getByRole('button', { name: 'Yes, submit now' }).click();
		await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('Attempt 2: 100%');
		expect(await result.getByText('Failed:').count()).toBe(0);
		expect(await panel.getByTestId('attempts-used').textContent()).toBe('2 of 3 attempts used');
		expect(await panel.getByTestId('past-attempt').count()).toBe(1);

		// After a reload the attempts are still there, from the server.
		await page.reload();
		await panel.waitFor();
		expect(await panel.getByTestId('attempts-used').textContent()).toBe('2 of 3 attempts used');
		expect(await panel.getByText('Your grade: 100%').isVisible()).toBe(true);

		const teacher = await newPage();
		await signIn(teacher, hopper.email);
		await teacher.goto(`${classPath}/gradebook`);
		const row = teacher.getByTestId('gradebook-row').filter({ hasText: linus.name });
		const labCell = row.locator(`[data-testid=grade][data-assignment="${labId}"]`);
		expect(await labCell.getByTestId('score').textContent()).toBe('100%');
		expect(await labCell.textContent()).toContain('2 of 3 attempts');
		expect(await labCell.getByTestId('late').count()).toBe(0);

		await row.getByRole('link', { name: linus.name }).click();
		const lab = teacher.getByTestId('record').filter({ hasText: LAB.title });
		await lab.waitFor();
		expect(await lab.getByTestId('submission').count()).toBe(2);
		expect(await lab.getByTestId('submission').first().textContent()).toContain('Attempt 2 · 100%');

		// A regrade judges the kept observations again with the same checks: nothing changes.
		await teacher.goto(`${classPath}/assignments/${labId}`);
		expect(await teacher.getByText('2 submissions from 1 learner').isVisible()).toBe(true);
		await teacher.getByRole('button', { name: 'Regrade all submissions' }).click();
		await teacher.getByText('Regraded 2 submissions: none changed.').waitFor();
	});

	it('keeps grades from other instructors and learners, pages, downloads and actions alike', async () => {
		const urls = [
			`${classPath}/gradebook`,
			`${classPath}/gradebook.csv`,
			`${classPath}/learners/${linusId}`,
			`${classPath}/assignments/${labId}`
		];
		const actions: [string, Record<string, string>][] = [
			[
				`${classPath}?/assign`,
				{
					lesson: 'dockerfiles',
					opensAt: '2030-01-01T00:00',
					dueAt: '2030-02-01T00:00',
					latePolicy: 'accept'
				}
			],
			[
				`${classPath}/assignments/${labId}?/update`,
				{ opensAt: '2020-01-01T00:00', dueAt: '2020-01-02T00:00', latePolicy: 'refuse' }
			],
			[`${classPath}/assignments/${labId}?/regrade`, {}],
			[`${classPath}/assignments/${lessonId}?/delete`, {}]
		];

		// Signed out: off to sign in.
		const stranger = await newPage();
		for (const url of urls) {
			const res = await stranger.request.get(url, { maxRedirects: 0 });
			expect(res.status(), url).toBe(303);
			expect(res.headers().location).toBe(`/signin?next=${encodeURIComponent(url)}`);
		}
		expect((await submitLab(stranger, labId)).status()).toBe(401);

		// Another instructor: none of it exists for them, not even through a class of their own.
		const other = await newPage();
		await signIn(other, ritchie.email);
		for (const url of urls) expect((await other.request.get(url)).status(), url).toBe(404);
		for (const [url, form] of actions)
			expect((await post(other, url, form)).status(), url).toBe(404);
		await other.goto('/teach');
		await other.getByLabel('Class name').fill('Ritchie’s class');
		await other.getByRole('button', { name: 'Create class' }).click();
		await other.waitForURL(/\/teach\/[a-z0-9]+$/);
		const otherClass = new URL(other.url()).pathname;
		expect((await other.request.get(`${otherClass}/assignments/${labId}`)).status()).toBe(404);
		expect((await other.request.get(`${otherClass}/learners/${linusId}`)).status()).toBe(404);
		expect((await post(other, `${otherClass}/assignments/${labId}?/delete`)).status()).toBe(404);
		const theirs = await submitLab(other, labId);
		expect(theirs.status()).toBe(403);
		expect((await theirs.json()).message).toBe('There is no such assignment of yours.');

		// A learner of the class: teaching pages are not for them.
		const learner = await newPage();
		await signIn(learner, mallory.email);
		for (const url of urls) expect((await learner.request.get(url)).status(), url).toBe(403);
		for (const [url, form] of actions)
			expect((await post(learner, url, form)).status(), url).toBe(403);
		// Submitting names nobody but the one signed in: asking for Linus changes nothing of his.
		const forLinus = await submitLab(learner, labId, { userId: linusId, user: linusId });
		expect(forLinus.status()).toBe(403);
		expect((await forLinus.json()).message).toBe(
			'You have no engine running: open the lab to start one.'
		);
		// From another site, not even the learner's own submission goes through.
		const crossSite = await learner.request.post(`/api/assignments/${labId}/submit`, {
			headers: { origin: 'https://elsewhere.example' }
		});
		expect(crossSite.status()).toBe(403);

		// A learner outside the class: the assignment is not theirs.
		const outsider = await newPage();
		await signIn(outsider, ken.email);
		const refused = await submitLab(outsider, labId);
		expect(refused.status()).toBe(403);
		expect((await refused.json()).message).toBe('There is no such assignment of yours.');

		// Nothing changed: both assignments, their dates, and every grade are as they were.
		const teacher = await newPage();
		await signIn(teacher, hopper.email);
		await teacher.goto(classPath);
		await expect.poll(() => teacher.getByTestId('assignment-row').count()).toBe(2);
		await teacher.goto(`${classPath}/assignments/${labId}`);
		expect(await teacher.locator('time[datetime="2030-01-15T22:00:00.000Z"]').count()).toBe(1);
		expect(await teacher.getByText('2 submissions from 1 learner').isVisible()).toBe(true);
		await teacher.goto(`${classPath}/gradebook`);
		const row = teacher.getByTestId('gradebook-row').filter({ hasText: linus.name });
		expect(await row.getByTestId('score').allTextContents()).toEqual(['100%', '100%']);
		expect(await row.textContent()).toContain('2 of 3 attempts');
	});

	it('deletes an assignment after confirmation; it leaves the learners’ lists', async () => {
		const page = await newPage();
		await signIn(page, hopper.email);
		await page.goto(`${classPath}/assignments/${lessonId}`);
		await page.getByText('Delete…').click();
		await page.getByRole('button', { name: 'Yes, delete the assignment' }).click();
		await page.waitForURL(`**${classPath}?deleted=*`);
		await page.getByText(`“${LESSON.title}” is no longer assigned.`).waitFor();
		expect(await page.getByTestId('assignment-row').count()).toBe(1);
		expect((await page.request.get(`${classPath}/assignments/${lessonId}`)).status()).toBe(404);

		const learner = await newPage();
		await signIn(learner, linus.email);
		await learner.goto('/classes');
		const mine = learner.getByTestId('my-assignment');
		await expect.poll(() => mine.count()).toBe(1);
		expect(await mine.textContent()).toContain(LAB.title);
	});
});
