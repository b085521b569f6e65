import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../web/src/lib/server/db';
import { submissions } from '../../web/src/lib/server/db/schema';
import { createGuest, register, setRole } from '../../web/src/lib/server/auth/users';
import { createClass, joinWithCode } from '../../web/src/lib/server/classes';
import { lessonBySlug } from '../../web/src/lib/server/curriculum';
import { recordVerdicts, startStep } from '../../web/src/lib/server/progress';
import {
	assignmentsForLearner,
	assignmentsOfClass,
	checkAssignment,
	createAssignment,
	csvField,
	daysLate,
	deleteAssignment,
	gradebook,
	gradebookCsv,
	gradeLab,
	gradeLesson,
	lateFactor,
	learnerRecord,
	mayReplay,
	mergeSubmissions,
	regrade,
	updateAssignment
} from '../../web/src/lib/server/assignments';
import { setEngineSession } from '../../web/src/lib/server/progress';
import { backends } from '../helpers/databases';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const first = lessonBySlug('images-and-containers')!;
const lab = lessonBySlug('lab-containerize')!;

describe('assignment input', () => {
	const base = {
		lesson: first.slug,
		opensAt: '2026-01-01T09:00:00Z',
		dueAt: '2026-01-08T09:00:00Z',
		latePolicy: 'accept'
	};

	it('accepts a lesson with dates and a policy', () => {
		const checked = checkAssignment(base, lessonBySlug);
		expect(checked).toMatchObject({
			ok: true,
			value: { lesson: first.slug, attemptLimit: null, latePolicy: 'accept', latePenaltyPercent: 0 }
		});
	});

	it('names every field that is wrong', () => {
		const checked = checkAssignment(
			{
				lesson: 'no-such-lesson',
				opensAt: 'yesterday',
				dueAt: '',
				latePolicy: 'maybe',
				attemptLimit: 'three'
			},
			lessonBySlug
		);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(Object.keys(checked.errors).sort()).toEqual(
			['attemptLimit', 'dueAt', 'latePolicy', 'lesson', 'opensAt'].sort()
		);
	});

	it('wants the due date after the opening, and attempt limits only on labs', () => {
		const early = checkAssignment({ ...base, dueAt: base.opensAt }, lessonBySlug);
		expect(early).toMatchObject({ ok: false, errors: { dueAt: expect.stringMatching(/after/) } });
		const lessonLimit = checkAssignment({ ...base, attemptLimit: 2 }, lessonBySlug);
		expect(lessonLimit).toMatchObject({
			ok: false,
			errors: { attemptLimit: expect.stringMatching(/Only labs/) }
		});
		const labLimit = checkAssignment({ ...base, lesson: lab.slug, attemptLimit: 0 }, lessonBySlug);
		expect(labLimit).toMatchObject({ ok: false, errors: { attemptLimit: expect.any(String) } });
		const penalty = checkAssignment({ ...base, latePolicy: 'penalty' }, lessonBySlug);
		expect(penalty).toMatchObject({
			ok: false,
			errors: { latePenaltyPercent: expect.any(String) }
		});
	});
});

describe('late work', () => {
	const due = new Date('2026-03-01T12:00:00Z');
	const at = (ms: number) => new Date(due.getTime() + ms);

	it('counts started days after the due date', () => {
		expect(daysLate(at(-1), due)).toBe(0);
		expect(daysLate(due, due)).toBe(0);
		expect(daysLate(at(1), due)).toBe(1);
		expect(daysLate(at(DAY), due)).toBe(1);
		expect(daysLate(at(DAY + 1), due)).toBe(2);
	});

	it('is worth what the policy says', () => {
		const accept = { dueAt: due, latePolicy: 'accept' as const, latePenaltyPercent: 0 };
		const refuse = { ...accept, latePolicy: 'refuse' as const };
		const penalty = { ...accept, latePolicy: 'penalty' as const, latePenaltyPercent: 30 };
		expect(lateFactor(accept, at(5 * DAY))).toBe(1);
		expect(lateFactor(refuse, at(-1))).toBe(1);
		expect(lateFactor(refuse, at(1))).toBe(0);
		expect(lateFactor(penalty, at(HOUR))).toBeCloseTo(0.7);
		expect(lateFactor(penalty, at(DAY + HOUR))).toBeCloseTo(0.4);
		expect(lateFactor(penalty, at(10 * DAY))).toBe(0);
	});
});

describe('CSV fields', () => {
	it('keep spreadsheet formulas from running, and quote what needs it', () => {
		expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
		expect(csvField('+1')).toBe("'+1");
		expect(csvField('-2')).toBe("'-2");
		expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvField('\tTab')).toBe("'\tTab");
		expect(csvField('Ada, Countess')).toBe('"Ada, Countess"');
		expect(csvField('line\nbreak')).toBe('"line\nbreak"');
		expect(csvField(85)).toBe('85');
		expect(csvField(-5)).toBe('-5');
		expect(csvField(null)).toBe('');
	});
});

describe('grades', () => {
	const assignment = {
		dueAt: new Date('2026-03-01T12:00:00Z'),
		latePolicy: 'penalty' as const,
		latePenaltyPercent: 50
	};
	const row = (step: string, passed: (string | null)[]) => ({
		userId: 'u',
		lesson: first.slug,
		step,
		startedAt: new Date('2026-02-01T00:00:00Z'),
		completedAt: passed.every(Boolean) ? new Date(passed.at(-1)!) : null,
		checksFirstPassed: passed,
		hintsUsed: 0,
		solutionRevealedAt: null,
		lastVerdicts: passed.map((p) => ({ pass: !!p, message: p ? 'ok' : 'not yet' })),
		lastVerdictsAt: null
	});

	it('give a lesson a share of its checks, late ones under the policy', () => {
		const total = first.steps.reduce((n, s) => n + s.checks.length, 0);
		const onTime = '2026-02-15T00:00:00Z';
		const late = '2026-03-01T13:00:00Z';
		const [s1, s2] = first.steps;
		const { grade, evidence } = gradeLesson(first, assignment, [
			row(
				s1!.id,
				s1!.checks.map(() => onTime)
			),
			row(
				s2!.id,
				s2!.checks.map(() => late)
			)
		]);
		const expected = (s1!.checks.length + s2!.checks.length * 0.5) / total;
		expect(grade.score).toBe(Math.round(expected * 100));
		expect(grade.status).toBe('in-progress');
		expect(grade.late).toBe(true);
		expect(grade.submittedAt).toBe(new Date(late).toISOString());
		expect(evidence[1]!.checks[0]).toMatchObject({ pass: true, late: true, passedAt: late });
		expect(evidence.at(-1)!.checks[0]).toMatchObject({ pass: false, passedAt: null });
	});

	it('give nothing before anything is done, and a lab its best attempt', () => {
		expect(gradeLesson(first, assignment, []).grade).toMatchObject({
			status: 'not-started',
			score: null
		});
		const t = (h: number) => new Date(Date.UTC(2026, 1, 1, h));
		expect(
			gradeLab([
				{ score: 40, submittedAt: t(1), late: false },
				{ score: 100, submittedAt: t(2), late: true },
				{ score: 60, submittedAt: t(3), late: false }
			])
		).toMatchObject({ status: 'complete', score: 100, attempts: 3, late: true });
	});
});

describe.each(backends)('assignments on $name', (backend) => {
	let handle: DatabaseHandle;
	let db: Database;
	let counter = 0;
	beforeAll(async () => {
		handle = await backend.open();
		db = handle.db;
	});
	afterAll(async () => {
		await handle?.close();
	});

	async function account(role: 'learner' | 'instructor', name?: string) {
		const email = `${role}-${counter++}@example.com`;
		const user = await register(db, { email, password: 'long-enough', displayName: name ?? null });
		if (role !== 'learner') await setRole(db, email, role);
		return { id: user.id, email, role };
	}

	async function classWithLearners(names: string[]) {
		const teacher = await account('instructor', 'Teacher');
		const made = await createClass(db, { name: 'Docker 101', by: teacher });
		const learners = [];
		for (const name of names) {
			const learner = await account('learner', name);
			expect((await joinWithCode(db, learner.id, made.code.code)).kind).toBe('joined');
			learners.push(learner);
		}
		return { teacher, classId: made.id, learners };
	}

	const window = (dueInDays = 7) => ({
		opensAt: new Date(Date.now() - DAY),
		dueAt: new Date(Date.now() + dueInDays * DAY),
		latePolicy: 'accept'
	});

	it('lets only the class’s instructors assign, change and remove', async () => {
		const { teacher, classId, learners } = await classWithLearners(['Ann']);
		const stranger = await account('instructor');
		expect(
			await createAssignment(db, classId, stranger, { lesson: first.slug, ...window() })
		).toEqual({ kind: 'forbidden' });
		expect(
			await createAssignment(db, classId, learners[0]!, { lesson: first.slug, ...window() })
		).toEqual({ kind: 'forbidden' });

		const made = await createAssignment(db, classId, teacher, { lesson: first.slug, ...window() });
		expect(made.kind).toBe('created');
		if (made.kind !== 'created') return;
		const again = await createAssignment(db, classId, teacher, { lesson: first.slug, ...window() });
		expect(again).toMatchObject({
			kind: 'invalid',
			errors: { lesson: expect.stringMatching(/already/) }
		});

		expect(await updateAssignment(db, made.assignment.id, stranger, window(3))).toEqual({
			kind: 'forbidden'
		});
		expect(await updateAssignment(db, made.assignment.id, teacher, window(3))).toEqual({
			kind: 'updated'
		});
		expect(await assignmentsOfClass(db, classId, stranger)).toBeNull();
		expect(await assignmentsOfClass(db, classId, teacher)).toHaveLength(1);
		expect(await deleteAssignment(db, made.assignment.id, stranger)).toBe(false);
		expect(await deleteAssignment(db, made.assignment.id, teacher)).toBe(true);
		expect(await assignmentsOfClass(db, classId, teacher)).toHaveLength(0);
	});

	it('grades a lesson from the checks the learner passed, in the gradebook and the CSV', async () => {
		const { teacher, classId, learners } = await classWithLearners(['=cmd|calc', 'Bea']);
		const [mallory, bea] = [learners[0]!, learners[1]!];
		const made = await createAssignment(db, classId, teacher, { lesson: first.slug, ...window() });
		if (made.kind !== 'created') throw new Error('not created');

		// Bea passes the first step; the other learner has not started.
		const step = first.steps[0]!;
		await startStep(db, bea.id, first.slug, step.id);
		const verdicts = {
			pass: true,
			checks: step.checks.map(() => ({ pass: true, message: 'A busybox container ran echo.' }))
		};
		await recordVerdicts(
			db,
			bea.id,
			first.slug,
			step.id,
			first.steps.map((s) => s.id),
			verdicts
		);

		const book = await gradebook(db, classId, teacher);
		expect(book!.learners.map((l) => l.name)).toEqual(['=cmd|calc', 'Bea']);
		const total = first.steps.reduce((n, s) => n + s.checks.length, 0);
		const beaGrade = book!.grades.get(`${made.assignment.id}/${bea.id}`)!;
		expect(beaGrade).toMatchObject({
			status: 'in-progress',
			score: Math.round((step.checks.length / total) * 100),
			late: false
		});
		expect(beaGrade.submittedAt).not.toBeNull();
		expect(book!.grades.get(`${made.assignment.id}/${mallory.id}`)).toMatchObject({
			status: 'not-started',
			score: null
		});

		const csv = gradebookCsv(book!).split('\r\n');
		expect(csv[0]).toBe(
			`Learner,Email,${first.title} score,${first.title} submitted,${first.title} late`
		);
		expect(csv[1]).toMatch(/^'=cmd\|calc,learner-\d+@example\.com,,,$/);
		expect(csv[2]).toContain(`,${beaGrade.score},${beaGrade.submittedAt},no`);

		const record = await learnerRecord(db, classId, bea.id, teacher);
		expect(record!.assignments[0]!.steps[0]!.checks[0]).toMatchObject({
			pass: true,
			message: 'A busybox container ran echo.'
		});
		expect((await assignmentsForLearner(db, bea.id))[0]).toMatchObject({
			title: first.title,
			grade: { score: beaGrade.score }
		});
	});

	it('shows a learner’s work to the class’s instructors only', async () => {
		const { teacher, classId, learners } = await classWithLearners(['Cy', 'Di']);
		const [cy, di] = [learners[0]!, learners[1]!];
		const other = await account('instructor');
		await createAssignment(db, classId, teacher, { lesson: first.slug, ...window() });
		await startStep(db, cy.id, first.slug, first.steps[0]!.id);
		await setEngineSession(db, cy.id, first.slug, 'engine-cy');

		expect(await gradebook(db, classId, other)).toBeNull();
		expect(await gradebook(db, classId, di)).toBeNull();
		expect(await learnerRecord(db, classId, cy.id, other)).toBeNull();
		expect(await learnerRecord(db, classId, cy.id, di)).toBeNull();
		// The instructor is in the class, but not as a learner: no record.
		expect(await learnerRecord(db, classId, teacher.id, teacher)).toBeNull();
		expect(await learnerRecord(db, classId, cy.id, teacher)).not.toBeNull();

		expect(await mayReplay(db, classId, cy.id, 'engine-cy', teacher)).toBe(true);
		expect(await mayReplay(db, classId, cy.id, 'engine-cy', other)).toBe(false);
		expect(await mayReplay(db, classId, cy.id, 'engine-cy', cy)).toBe(false);
		expect(await mayReplay(db, classId, di.id, 'engine-cy', teacher)).toBe(false);
		expect(await mayReplay(db, classId, cy.id, 'engine-other', teacher)).toBe(false);
	});

	it('regrades stored lab submissions with the current checks, keeping the earlier grading', async () => {
		const { teacher, classId, learners } = await classWithLearners(['Ed']);
		const made = await createAssignment(db, classId, teacher, { lesson: lab.slug, ...window() });
		if (made.kind !== 'created') throw new Error('not created');
		// A submission as submitLab stores it, from an engine that had nothing running.
		await db.insert(submissions).values({
			id: 'sub-1',
			assignmentId: made.assignment.id,
			userId: learners[0]!.id,
			attempt: 1,
			engineSession: 'e1',
			rawScore: 100,
			score: 100,
			late: false,
			evidence: {
				checks: [{ label: 'stale', pass: true, message: 'graded by older checks' }],
				observedAt: new Date().toISOString(),
				observation: {
					state: {
						collectedAt: new Date().toISOString(),
						containers: [],
						images: [],
						volumes: [],
						networks: [],
						compose: []
					},
					probes: []
				}
			}
		});
		expect(await regrade(db, made.assignment.id, await account('instructor'))).toBeNull();
		const result = await regrade(db, made.assignment.id, teacher);
		expect(result).toEqual({ regraded: 1, changed: 1 });
		const book = await gradebook(db, classId, teacher);
		const grade = book!.grades.get(`${made.assignment.id}/${learners[0]!.id}`)!;
		expect(grade.score).toBeLessThan(100);
		const record = await learnerRecord(db, classId, learners[0]!.id, teacher);
		const sub = record!.assignments[0]!.submissions[0]!;
		expect(sub.evidence.earlier).toEqual([
			expect.objectContaining({ score: 100, checks: [expect.objectContaining({ label: 'stale' })] })
		]);
		// Checks that need a probe the stored observation lacks say so, rather than guess.
		expect(sub.evidence.checks.some((c) => /Not judged/.test(c.message))).toBe(
			lab.steps[0]!.checks.some((c) => ['http', 'file', 'command', 'dockerfile'].includes(c.type))
		);
		// Nothing changed since: a second regrade changes nothing.
		expect(await regrade(db, made.assignment.id, teacher)).toEqual({ regraded: 1, changed: 0 });
	});

	it('moves a guest’s submissions to the account they sign in to, numbered after its own', async () => {
		const { teacher, classId } = await classWithLearners([]);
		const made = await createAssignment(db, classId, teacher, { lesson: lab.slug, ...window() });
		if (made.kind !== 'created') throw new Error('not created');
		const guest = await createGuest(db);
		const member = await account('learner');
		const sub = (id: string, userId: string, attempt: number) => ({
			id,
			assignmentId: made.assignment.id,
			userId,
			attempt,
			engineSession: 'e',
			rawScore: 0,
			score: 0,
			late: false,
			evidence: { checks: [], observedAt: '', observation: null }
		});
		await db.insert(submissions).values([sub('m1', member.id, 1), sub('g1', guest.id, 1)]);
		await mergeSubmissions(db, guest.id, member.id);
		const rows = await db.select().from(submissions);
		const mine = rows.filter((r) => r.assignmentId === made.assignment.id);
		expect(mine.map((r) => [r.id, r.userId, r.attempt]).sort()).toEqual([
			['g1', member.id, 2],
			['m1', member.id, 1]
		]);
	});
});
