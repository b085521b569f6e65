import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { SandboxClient } from '../../sandbox/client';
import type { Database, DatabaseHandle } from '../../web/src/lib/server/db';
import { customLabs, lessonProgress, stepProgress } from '../../web/src/lib/server/db/schema';
import { createAssignment, deleteAssignment } from '../../web/src/lib/server/assignments';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import { addCoInstructor, createClass, joinWithCode } from '../../web/src/lib/server/classes';
import {
	assignableLessons,
	customLabClass,
	unregisterCustomLab
} from '../../web/src/lib/server/curriculum';
import {
	createLab,
	draftHash,
	draftSlug,
	labForInstructor,
	labsOfClass,
	labSlug,
	lessonFor,
	loadPublishedLabs,
	proveLab,
	publishLab,
	saveDraft,
	validateLab
} from '../../web/src/lib/server/custom-labs';
import { deleteLab, unpublishLab } from '../../web/src/lib/server/lab-withdrawal';
import { labTemplate } from '../../web/src/lib/server/lab-template';
import { backends } from '../helpers/databases';

const STEP = 'steps/01-serve-the-site.md';
let counter = 0;

async function account(db: Database, role: 'learner' | 'instructor' | 'admin') {
	const email = `labs-${role}-${counter++}@example.com`;
	const user = await register(db, { email, password: 'long-enough', displayName: null });
	if (role !== 'learner') await setRole(db, email, role);
	return { id: user.id, role, email };
}

/** An assignment of `slug` that opens now and is due in a week. */
const assignmentOf = (lesson: string) => ({
	lesson,
	opensAt: new Date(),
	dueAt: new Date(Date.now() + 7 * 24 * 3600e3),
	latePolicy: 'accept'
});

/**
 * A sandbox whose engines never start until `fail()`: a proof waits at its
 * first stage for as long as a test needs it running, with no engine at all.
 */
function stalledSandbox() {
	let fail = () => {};
	const started = new Promise<void>((resolve) => {
		fail = resolve;
	});
	const client = {
		createSession: async () => {
			await started;
			throw new Error('no engines in this test');
		},
		deleteSession: async () => {}
	} as unknown as SandboxClient;
	return { client, fail: () => fail() };
}

/**
 * What a successful proof leaves behind, written directly: the proof itself
 * needs an engine (test/sandbox/custom-labs.test.ts runs it for real); here
 * only the rule "publish what was proven, nothing else" is under test.
 */
async function markProven(db: Database, id: string) {
	const [lab] = await db.select().from(customLabs).where(eq(customLabs.id, id));
	await db
		.update(customLabs)
		.set({ provenHash: draftHash(lab!.draft) })
		.where(eq(customLabs.id, id));
}

describe('a lab’s source is checked like content/', () => {
	it('starts from a template that loads', () => {
		expect(validateLab(labTemplate())).toEqual([]);
	});

	it('names the file, line and field of a bad check', () => {
		const files = labTemplate();
		files[STEP] = files[STEP]!.replace('containerPort: 80', 'containerPort: 80x');
		expect(validateLab(files)).toEqual([
			{
				file: STEP,
				line: 11,
				message: 'checks[1].containerPort: Invalid input: expected number, received string'
			}
		]);
		files[STEP] = labTemplate()[STEP]!.replace('type: http', 'type: teleport');
		expect(validateLab(files)).toMatchObject([
			{ file: STEP, line: 13, message: expect.stringMatching(/^checks\[2\]\.type: unknown check/) }
		]);
	});

	it('wants a lab: kind lab, one step, and files where a lab keeps them', () => {
		const files = labTemplate();
		expect(
			validateLab({ ...files, 'index.md': files['index.md']!.replace('kind: lab', 'kind: lesson') })
		).toEqual([{ file: 'index.md', line: 4, message: 'kind: a lab here says `kind: lab`' }]);
		expect(validateLab({ 'index.md': files['index.md']! })).toEqual([
			{ file: 'steps', line: undefined, message: 'missing: every lesson has a steps/ folder' }
		]);
		expect(validateLab({ ...files, 'notes.md': '' })).toEqual([
			{
				file: 'notes.md',
				message: 'only index.md, steps/01-<name>.md and files/<path> belong in a lab'
			}
		]);
	});
});

describe.each(backends)('instructor-written labs on $name', (backend) => {
	let handle: DatabaseHandle;
	let db: Database;
	beforeAll(async () => {
		handle = await backend.open();
		db = handle.db;
	});
	afterAll(async () => {
		await handle?.close();
	});

	async function classWithPeople() {
		const teacher = await account(db, 'instructor');
		const made = await createClass(db, { name: 'Labs class', by: teacher });
		const learner = await account(db, 'learner');
		await joinWithCode(db, learner.id, made.code.code);
		const otherTeacher = await account(db, 'instructor');
		const other = await createClass(db, { name: 'Another class', by: otherTeacher });
		const outsider = await account(db, 'learner');
		await joinWithCode(db, outsider.id, other.code.code);
		return { teacher, classId: made.id, learner, otherTeacher, otherClass: other.id, outsider };
	}

	it('lets the class’s instructors (and admins) write labs, and nobody else', async () => {
		const { teacher, classId, learner, otherTeacher } = await classWithPeople();
		const admin = await account(db, 'admin');
		const lab = await createLab(db, classId, teacher);
		expect(lab!.draft).toEqual(labTemplate());
		expect(lab!.authorId).toBe(teacher.id);

		expect(await createLab(db, classId, learner)).toBeNull();
		expect(await createLab(db, classId, otherTeacher)).toBeNull();
		expect(await labForInstructor(db, lab!.id, otherTeacher)).toBeNull();
		expect(await labForInstructor(db, lab!.id, learner)).toBeNull();
		expect((await labForInstructor(db, lab!.id, admin))?.id).toBe(lab!.id);
		expect(await saveDraft(db, lab!.id, otherTeacher, labTemplate())).toBeNull();
		expect(await publishLab(db, lab!.id, otherTeacher)).toBeNull();
		expect(await proveLab(db, lab!.id, learner)).toBeNull();

		expect(await labsOfClass(db, classId, otherTeacher)).toBeNull();
		expect(await labsOfClass(db, classId, teacher)).toEqual([
			{
				id: lab!.id,
				title: 'Lab: Serve a page',
				proven: false,
				publishedAt: null,
				changedSincePublished: false
			}
		]);
	});

	it('saves drafts that do not load yet, and refuses names and sizes a lab cannot have', async () => {
		const { teacher, classId } = await classWithPeople();
		const lab = (await createLab(db, classId, teacher))!;

		const broken = { ...labTemplate(), 'index.md': '---\ntitle: [\n---\n' };
		const saved = await saveDraft(db, lab.id, teacher, broken);
		expect(saved).toMatchObject({ saved: true, proven: false });
		expect(saved!.problems).toMatchObject([
			{ file: 'index.md', line: 2, message: expect.stringMatching(/^invalid YAML/) }
		]);
		expect((await labForInstructor(db, lab.id, teacher))!.draft).toEqual(broken);

		for (const files of [
			{ ...labTemplate(), 'files/../../etc/passwd': 'x' },
			{ ...labTemplate(), 'steps/02-more.md': 'x' },
			{ ...labTemplate(), 'files/big.txt': 'x'.repeat(1024 * 1024) },
			Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`files/${i}`, '']))
		]) {
			const refused = await saveDraft(db, lab.id, teacher, files);
			expect(refused!.saved).toBe(false);
			expect(refused!.problems.length).toBeGreaterThan(0);
		}
		// Nothing refused was saved.
		expect((await labForInstructor(db, lab.id, teacher))!.draft).toEqual(broken);
	});

	it('does not run a proof of a draft that does not load', async () => {
		const { teacher, classId } = await classWithPeople();
		const lab = (await createLab(db, classId, teacher))!;
		const files = labTemplate();
		files[STEP] = files[STEP]!.replace('state: running', 'state: sleeping');
		await saveDraft(db, lab.id, teacher, files);
		const proof = await proveLab(db, lab.id, teacher);
		expect(proof).toMatchObject({ ok: false, hash: draftHash(files), checks: [] });
		expect((proof as { error: string }).error).toMatch(
			/^Fix the draft first: steps\/01-serve-the-site\.md:8: checks\[0\]\.state/
		);
		expect((await labForInstructor(db, lab.id, teacher))!.provenHash).toBeNull();
	});

	it('publishes only the draft that was proven, and then the class can be assigned it', async () => {
		const { teacher, classId, otherClass } = await classWithPeople();
		const lab = (await createLab(db, classId, teacher))!;
		const slug = labSlug(lab.id);

		expect(await publishLab(db, lab.id, teacher)).toEqual({
			kind: 'unproven',
			message: 'Prove the draft solvable first: only a proven draft can be published.'
		});
		expect(assignableLessons(classId).map((l) => l.slug)).not.toContain(slug);

		await markProven(db, lab.id);
		const edited = labTemplate();
		edited['files/site/index.html'] = '<h1>Hello from my lab, edited</h1>';
		await saveDraft(db, lab.id, teacher, edited);
		expect(await publishLab(db, lab.id, teacher)).toEqual({
			kind: 'unproven',
			message: 'The draft has changed since it was proven. Prove it again, then publish.'
		});

		await markProven(db, lab.id);
		const published = await publishLab(db, lab.id, teacher);
		expect(published).toMatchObject({ kind: 'published', slug });
		const row = (await labForInstructor(db, lab.id, teacher))!;
		expect(row.published).toEqual(edited);
		expect(row.publishedAt).toBeInstanceOf(Date);

		const assignable = assignableLessons(classId).find((l) => l.slug === slug);
		expect(assignable).toMatchObject({ kind: 'lab', title: 'Lab: Serve a page' });
		expect(assignableLessons(otherClass).map((l) => l.slug)).not.toContain(slug);
		expect(customLabClass(slug)).toBe(classId);

		// Editing the draft afterwards leaves the published lab as it was.
		await saveDraft(db, lab.id, teacher, labTemplate());
		expect((await labsOfClass(db, classId, teacher))![0]).toMatchObject({
			proven: false,
			changedSincePublished: true
		});
		expect((await labForInstructor(db, lab.id, teacher))!.published).toEqual(edited);
	});

	it('opens a published lab to its class only, and a draft to its instructors only', async () => {
		const { teacher, classId, learner, otherTeacher, outsider } = await classWithPeople();
		const admin = await account(db, 'admin');
		const lab = (await createLab(db, classId, teacher))!;
		const slug = labSlug(lab.id);

		// Not published yet: nobody opens it as a lab, its instructors open the draft.
		expect(await lessonFor(db, slug, teacher)).toBeUndefined();
		expect((await lessonFor(db, draftSlug(lab.id), teacher))?.slug).toBe(draftSlug(lab.id));
		expect((await lessonFor(db, draftSlug(lab.id), admin))?.slug).toBe(draftSlug(lab.id));
		expect(await lessonFor(db, draftSlug(lab.id), learner)).toBeUndefined();
		expect(await lessonFor(db, draftSlug(lab.id), otherTeacher)).toBeUndefined();

		await markProven(db, lab.id);
		await publishLab(db, lab.id, teacher);
		for (const member of [teacher, learner, admin])
			expect((await lessonFor(db, slug, member))?.slug).toBe(slug);
		expect(await lessonFor(db, slug, outsider)).toBeUndefined();
		expect(await lessonFor(db, slug, otherTeacher)).toBeUndefined();
		expect(await lessonFor(db, draftSlug(lab.id), learner)).toBeUndefined();

		// The curriculum's own lessons stay open to everyone.
		expect((await lessonFor(db, 'port-mapping', outsider))?.slug).toBe('port-mapping');
	});

	it('finds published labs again after a restart, at start-up or when first asked', async () => {
		const { teacher, classId, learner } = await classWithPeople();
		const lab = (await createLab(db, classId, teacher))!;
		const slug = labSlug(lab.id);
		await markProven(db, lab.id);
		await publishLab(db, lab.id, teacher);

		unregisterCustomLab(slug); // as a fresh process knows nothing
		expect(await loadPublishedLabs(db)).toBeGreaterThanOrEqual(1);
		expect(customLabClass(slug)).toBe(classId);

		unregisterCustomLab(slug);
		expect((await lessonFor(db, slug, learner))?.title).toBe('Lab: Serve a page');
		expect(customLabClass(slug)).toBe(classId);
	});

	it('deletes a lab never published, for the class’s instructors and admins only', async () => {
		const { teacher, classId, learner, otherTeacher } = await classWithPeople();
		const admin = await account(db, 'admin');
		const lab = (await createLab(db, classId, teacher))!;
		const other = (await createLab(db, classId, teacher))!;

		expect(await deleteLab(db, lab.id, otherTeacher)).toBeNull();
		expect(await deleteLab(db, lab.id, learner)).toBeNull();
		expect(await unpublishLab(db, lab.id, otherTeacher)).toBeNull();
		expect(await unpublishLab(db, lab.id, learner)).toBeNull();
		expect((await labForInstructor(db, lab.id, teacher))?.id).toBe(lab.id);

		// An instructor trying it left progress under the draft's slug: it goes with the lab.
		await db.insert(lessonProgress).values({ userId: teacher.id, lesson: draftSlug(lab.id) });
		await db
			.insert(stepProgress)
			.values({ userId: teacher.id, lesson: draftSlug(lab.id), step: 'serve-the-site' });

		expect(await unpublishLab(db, lab.id, teacher)).toEqual({
			kind: 'not-published',
			message: 'This lab is not published: there is nothing to take back.'
		});
		expect(await deleteLab(db, lab.id, teacher)).toEqual({
			kind: 'deleted',
			title: 'Lab: Serve a page',
			wasPublished: false
		});
		expect(await labForInstructor(db, lab.id, teacher)).toBeNull();
		expect(await lessonFor(db, draftSlug(lab.id), teacher)).toBeUndefined();
		expect(
			await db
				.select()
				.from(stepProgress)
				.where(inArray(stepProgress.lesson, [draftSlug(lab.id), labSlug(lab.id)]))
		).toEqual([]);
		expect((await labsOfClass(db, classId, teacher))!.map((l) => l.id)).toEqual([other.id]);
		// Gone is gone: a second delete finds nothing.
		expect(await deleteLab(db, lab.id, teacher)).toBeNull();

		expect(await deleteLab(db, other.id, admin)).toMatchObject({ kind: 'deleted' });
		expect(await labsOfClass(db, classId, teacher)).toEqual([]);
	});

	it('keeps an assigned lab published, naming the assignment to delete first', async () => {
		const { teacher, classId, learner } = await classWithPeople();
		const lab = (await createLab(db, classId, teacher))!;
		const slug = labSlug(lab.id);
		await markProven(db, lab.id);
		await publishLab(db, lab.id, teacher);
		const made = await createAssignment(db, classId, teacher, assignmentOf(slug));
		if (made.kind !== 'created') throw new Error(`not assigned: ${JSON.stringify(made)}`);

		const assignment = {
			id: made.assignment.id,
			url: `/teach/${classId}/assignments/${made.assignment.id}`
		};
		expect(await deleteLab(db, lab.id, teacher)).toEqual({
			kind: 'assigned',
			message:
				'“Lab: Serve a page” is assigned to Labs class, so it cannot be deleted: its submissions and grades depend on it. Delete that assignment first (on its page), then delete the lab.',
			assignment
		});
		expect(await unpublishLab(db, lab.id, teacher)).toEqual({
			kind: 'assigned',
			message:
				'“Lab: Serve a page” is assigned to Labs class, so it cannot be unpublished: its submissions and grades depend on it. Delete that assignment first (on its page), then unpublish the lab.',
			assignment
		});
		// Nothing changed: the class still has it.
		expect((await labForInstructor(db, lab.id, teacher))!.published).toEqual(labTemplate());
		expect((await lessonFor(db, slug, learner))?.slug).toBe(slug);
		expect(assignableLessons(classId).map((l) => l.slug)).toContain(slug);

		expect(await deleteAssignment(db, made.assignment.id, teacher)).toBe(true);
		expect(await unpublishLab(db, lab.id, teacher)).toEqual({ kind: 'unpublished' });
	});

	it('unpublishes a lab: learners lose it, it cannot be assigned, and it can be published again', async () => {
		const { teacher, classId, learner } = await classWithPeople();
		const admin = await account(db, 'admin');
		const lab = (await createLab(db, classId, teacher))!;
		const slug = labSlug(lab.id);
		await markProven(db, lab.id);
		await publishLab(db, lab.id, teacher);
		expect((await lessonFor(db, slug, learner))?.slug).toBe(slug);

		expect(await unpublishLab(db, lab.id, teacher)).toEqual({ kind: 'unpublished' });
		const row = (await labForInstructor(db, lab.id, teacher))!;
		expect(row).toMatchObject({ published: null, publishedAt: null, draft: labTemplate() });
		expect((await labsOfClass(db, classId, teacher))![0]).toMatchObject({
			proven: true,
			publishedAt: null,
			changedSincePublished: false
		});
		for (const member of [learner, teacher, admin])
			expect(await lessonFor(db, slug, member)).toBeUndefined();
		expect(customLabClass(slug)).toBeUndefined();
		expect(assignableLessons(classId).map((l) => l.slug)).not.toContain(slug);
		expect(await createAssignment(db, classId, teacher, assignmentOf(slug))).toEqual({
			kind: 'invalid',
			errors: { lesson: 'Choose a lesson or lab to assign.' }
		});
		// A restart does not bring it back.
		await loadPublishedLabs(db);
		expect(customLabClass(slug)).toBeUndefined();
		// Its instructors still open the draft.
		expect((await lessonFor(db, draftSlug(lab.id), teacher))?.slug).toBe(draftSlug(lab.id));

		// The draft is still the proven one: it can go out again, and then be deleted with it.
		expect(await publishLab(db, lab.id, teacher)).toMatchObject({ kind: 'published' });
		expect((await lessonFor(db, slug, learner))?.slug).toBe(slug);
		expect(await deleteLab(db, lab.id, admin)).toEqual({
			kind: 'deleted',
			title: 'Lab: Serve a page',
			wasPublished: true
		});
		expect(await lessonFor(db, slug, learner)).toBeUndefined();
		expect(assignableLessons(classId).map((l) => l.slug)).not.toContain(slug);
	});

	it('does not assign a lab unpublished a moment ago, even while this process still lists it', async () => {
		const { teacher, classId } = await classWithPeople();
		const lab = (await createLab(db, classId, teacher))!;
		const slug = labSlug(lab.id);
		await markProven(db, lab.id);
		await publishLab(db, lab.id, teacher);
		// Unpublished in the database, not yet taken from the list of what can be assigned.
		await db.update(customLabs).set({ published: null }).where(eq(customLabs.id, lab.id));
		expect(assignableLessons(classId).map((l) => l.slug)).toContain(slug);

		expect(await createAssignment(db, classId, teacher, assignmentOf(slug))).toEqual({
			kind: 'invalid',
			errors: { lesson: 'That lab is no longer published to this class.' }
		});
		unregisterCustomLab(slug);
	});

	it('runs one proof at a time per instructor, across their labs', async () => {
		const { teacher, classId } = await classWithPeople();
		const colleague = await account(db, 'instructor');
		expect(await addCoInstructor(db, classId, colleague.email, teacher)).toMatchObject({
			kind: 'added'
		});
		const ports = (await createLab(db, classId, teacher))!;
		const volumes = (await createLab(db, classId, teacher))!;
		const titled = labTemplate();
		titled['index.md'] = titled['index.md']!.replace('Lab: Serve a page', 'Lab: Publish a port');
		await saveDraft(db, ports.id, teacher, titled);

		// Each proof here logs that no engine could start: expected, and not worth the noise.
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
		onTestFinished(() => quiet.mockRestore());
		const sandbox = stalledSandbox();
		let stages = 0;
		const running = proveLab(db, ports.id, teacher, {
			client: sandbox.client,
			onStage: () => stages++
		});
		await expect.poll(() => stages).toBeGreaterThan(0);

		const refusal = {
			busy: 'You already have a proof running for Lab: Publish a port; wait for it to finish.'
		};
		expect(await proveLab(db, volumes.id, teacher, { client: sandbox.client })).toEqual(refusal);
		expect(await proveLab(db, ports.id, teacher, { client: sandbox.client })).toEqual(refusal);
		// A co-instructor waits for this lab, not for their own other labs.
		expect(await proveLab(db, ports.id, colleague, { client: sandbox.client })).toEqual({
			busy: 'Someone else is proving this lab right now; wait for that proof to finish.'
		});
		const theirs = proveLab(db, volumes.id, colleague, { client: sandbox.client });

		sandbox.fail();
		for (const proof of [await running, await theirs])
			expect(proof).toMatchObject({
				ok: false,
				error: 'No engine could be started for the proof just now. Try again soon.'
			});
		// Over: the next proof runs.
		expect(await proveLab(db, volumes.id, teacher, { client: sandbox.client })).toMatchObject({
			ok: false,
			checks: []
		});
	});
});
