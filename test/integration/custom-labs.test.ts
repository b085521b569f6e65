import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../web/src/lib/server/db';
import { customLabs } from '../../web/src/lib/server/db/schema';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import { createClass, joinWithCode } from '../../web/src/lib/server/classes';
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
import { labTemplate } from '../../web/src/lib/server/lab-template';
import { backends } from '../helpers/databases';

const STEP = 'steps/01-serve-the-site.md';
let counter = 0;

async function account(db: Database, role: 'learner' | 'instructor' | 'admin') {
	const email = `labs-${role}-${counter++}@example.com`;
	const user = await register(db, { email, password: 'long-enough', displayName: null });
	if (role !== 'learner') await setRole(db, email, role);
	return { id: user.id, role };
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
});
