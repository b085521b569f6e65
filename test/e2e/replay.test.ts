import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAssignment } from '../../web/src/lib/server/assignments';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import { createClass } from '../../web/src/lib/server/classes';
import type { Database } from '../../web/src/lib/server/db';
import { useBrowser } from '../helpers/browser';
import { e2eDatabase, signIn as signInAs, useSiteWithSandbox } from '../helpers/site';
import { startAsGuest, typeCommand, waitForScreen } from '../helpers/terminal';

/**
 * An instructor replays a learner's terminal, in Chromium, against the real
 * site, sandbox and engine: the learner types in the lesson of an assignment,
 * the instructor watches it again. Nobody else gets the page or the .cast
 * file: not another instructor, not the learner, not another learner, and
 * not the class's instructor for an engine or a name that is not the one.
 */
const PASSWORD = 'long-enough-password';
const hopper = { email: 'hopper@example.com', name: 'Grace Hopper' };
const ritchie = { email: 'ritchie@example.com', name: 'Dennis Ritchie' };
const LESSON = 'images-and-containers';
const MARKER = 'replay-marker-42';
const PROMPT = /berth:.*# *$/m;
const DAY = 24 * 60 * 60 * 1000;

let joinCode = '';
let classId = '';

/**
 * Two instructors (made as an operator does, with setRole), a class of
 * Hopper's and an assignment of a lesson in it, in the very database the
 * site then opens: the embedded one allows one process at a time.
 */
async function seed(db: Database) {
	const [teacher] = await Promise.all(
		[hopper, ritchie].map(async (person) => {
			const user = await register(db, {
				email: person.email,
				password: PASSWORD,
				displayName: person.name
			});
			expect(await setRole(db, person.email, 'instructor')).toBe(true);
			return { id: user.id, role: 'instructor' as const };
		})
	);
	const made = await createClass(db, { name: 'Docker 101', by: teacher! });
	classId = made.id;
	joinCode = made.code.code;
	const now = Date.now();
	const assigned = await createAssignment(db, made.id, teacher!, {
		lesson: LESSON,
		opensAt: new Date(now - DAY),
		dueAt: new Date(now + 7 * DAY),
		latePolicy: 'accept'
	});
	expect(assigned.kind).toBe('created');
}

const env = useSiteWithSandbox('replay', { seed });

const { newPage } = useBrowser(() => env().site.url);

const signIn = (page: Page, email: string) => signInAs(page, email, PASSWORD);

/** A new guest who joins the class with its code. */
async function learnerInClass(page: Page) {
	await startAsGuest(page);
	await page.goto('/join');
	await page.getByLabel('Class code').fill(joinCode);
	await page.getByRole('button', { name: 'Join class' }).click();
	await page.waitForURL('**/classes?joined=*');
}

/** The one engine `owner` has (each learner has one at a time). */
async function engineOf(owner: (id: string) => boolean): Promise<{ owner: string; id: string }> {
	const sessions = (await env().sandbox.client.listSessions()).filter((s) => owner(s.owner));
	expect(sessions).toHaveLength(1);
	return { owner: sessions[0]!.owner, id: sessions[0]!.id };
}

/** The text on the player's screen, row by row. */
function playerText(page: Page): Promise<string> {
	return page
		.getByTestId('replay-screen')
		.locator('.ap-term')
		.evaluate((term) => (term.textContent ?? '').replace(/\u00a0/g, ' '));
}

/** CSP violations and other errors the page logs, from the moment it opens. */
function consoleErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('pageerror', (error) => errors.push(error.message));
	return errors;
}

describe(`replaying a learner's terminal, in Chromium (${e2eDatabase()})`, () => {
	let learner: { owner: string; id: string };
	/** The learner's session cookie: each test has fresh browser contexts. */
	let learnerCookies: Awaited<ReturnType<BrowserContext['cookies']>>;
	const replayPath = (who = learner.owner, engine = learner.id) =>
		`/teach/${classId}/learners/${who}/replay/${engine}`;

	it('shows the instructor what the learner typed in an assigned lesson', async () => {
		const learnerPage = await newPage();
		await learnerInClass(learnerPage);
		await learnerPage.goto(`/learn/${LESSON}/first-run`);
		await waitForScreen(learnerPage, PROMPT);
		await typeCommand(learnerPage, `echo ${MARKER}`);
		await waitForScreen(learnerPage, new RegExp(`^${MARKER}$`, 'm'));
		learner = await engineOf(() => true);
		learnerCookies = await learnerPage.context().cookies();

		const page = await newPage();
		const errors = consoleErrors(page);
		await signIn(page, hopper.email);
		await page.goto(replayPath());
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/terminal$/);
		const recordings = page.getByRole('navigation', { name: 'Recordings' });
		expect(await recordings.getByRole('link').allTextContents()).toEqual(['Terminal']);
		expect(await recordings.textContent()).toMatch(/\d+(\.\d+)? kB/);

		// Played from the start, the learner's command comes up on the player's screen.
		await page.locator('.ap-overlay-start').click();
		await expect.poll(() => playerText(page), { timeout: 30_000 }).toContain(`echo ${MARKER}`);
		// To the end: the last screen shows the command and its output.
		const lastScreen = new RegExp(`echo ${MARKER}\\s*${MARKER}`);
		await page.getByRole('button', { name: 'Jump to the end' }).click();
		await expect.poll(() => playerText(page), { timeout: 10_000 }).toMatch(lastScreen);
		// Another speed, or the other theme, makes a new player that stays where the old one was.
		await page.getByLabel('Speed').selectOption('2');
		await expect.poll(() => playerText(page), { timeout: 10_000 }).toMatch(lastScreen);
		await page.getByTitle('Dark theme').click();
		await expect.poll(() => playerText(page), { timeout: 10_000 }).toMatch(lastScreen);
		// The player (WebAssembly, styles, its fetch) works under the site's CSP.
		expect(errors).toEqual([]);
	});

	it('serves the .cast file as the sandbox recorded it', async () => {
		const page = await newPage();
		await signIn(page, hopper.email);
		const recorded = await env().sandbox.client.recording(learner.id, 'main');
		const res = await page.request.get(`${replayPath()}/main.cast`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('application/x-asciicast');
		expect(res.headers()['cache-control']).toBe('private, no-store');
		const body = await res.text();
		// The tab is still open, so the file may have grown since: it starts with what was read.
		expect(body.startsWith(recorded)).toBe(true);
		expect(JSON.parse(body.split('\n')[0]!)).toMatchObject({ version: 2 });
		expect(body).toContain(MARKER);
	});

	it('refuses the page and the .cast file to anyone but the class’s instructors', async () => {
		const expectRefused = async (page: Page, refused: number[]) => {
			for (const url of [replayPath(), `${replayPath()}/main.cast`]) {
				const res = await page.request.get(url, { maxRedirects: 0 });
				expect(refused, `${url}: ${res.status()}`).toContain(res.status());
				expect(await res.text()).not.toContain(MARKER);
			}
		};

		// Another instructor, who does not teach the class.
		const other = await newPage();
		await signIn(other, ritchie.email);
		await expectRefused(other, [404]);

		// The learner themself.
		const self = await newPage();
		await self.context().addCookies(learnerCookies);
		await expectRefused(self, [403, 404]);

		// Another learner of the class, whose engine was never used for an assigned lesson.
		const second = await newPage();
		await learnerInClass(second);
		await second.goto('/playground');
		await waitForScreen(second, PROMPT);
		await expectRefused(second, [403, 404]);

		// Signed out: off to sign in.
		const anonymous = await newPage();
		await expectRefused(anonymous, [303]);

		// The class's instructor, for an engine that is no assignment's, or ids that do not match.
		const hopperPage = await newPage();
		await signIn(hopperPage, hopper.email);
		const secondEngine = await engineOf((owner) => owner !== learner.owner);
		for (const [who, engine] of [
			[secondEngine.owner, secondEngine.id],
			[learner.owner, secondEngine.id],
			[secondEngine.owner, learner.id],
			[learner.owner, 'k3v9q0m2x7a1b5c8d4e6'],
			['no-such-learner', learner.id]
		] as const) {
			for (const url of [replayPath(who, engine), `${replayPath(who, engine)}/main.cast`]) {
				const res = await hopperPage.request.get(url, { maxRedirects: 0 });
				expect(res.status(), url).toBe(404);
			}
		}

		// Names that are not a recording's, or not a name at all, never reach the sandbox's URL.
		for (const name of ['nope', 'main.7', 'main..2', '..%2Fmain', '%2E%2E', 'main%00']) {
			const res = await hopperPage.request.get(`${replayPath()}/${name}.cast`, {
				maxRedirects: 0
			});
			expect(res.status(), name).toBe(404);
			expect(await res.text()).not.toContain(MARKER);
		}
	});
});
