import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Check } from '../../../../lessons/checks/catalog';
import {
	checkLabel,
	gradeAndStore,
	rejudge,
	withVars,
	type CheckResult,
	type Grading,
	type StoredObservation
} from '../../../../lessons/grader';
import { formatInstant } from '../datetime';
import { generateId } from './auth/tokens';
import { canTeach, classForInstructor, membershipOf, type Viewer } from './classes';
import { assignableLessons, lessonBySlug, type Lesson } from './curriculum';
import type { Database } from './db';
import { labStillAssignable } from './lab-withdrawal';
import {
	assignments,
	classes,
	classMembers,
	latePolicies,
	lessonEngines,
	stepProgress,
	submissions,
	users,
	type Assignment,
	type GradedCheck,
	type LatePolicy,
	type Submission,
	type SubmissionEvidence
} from './db/schema';

const DAY = 24 * 60 * 60 * 1000;

// ── Input ────────────────────────────────────────────────────────────────────

/** What an instructor fills in to assign a lesson or lab. Dates are ISO strings or Dates. */
export interface AssignmentInput {
	lesson: string;
	opensAt: string | Date;
	dueAt: string | Date;
	/** Empty or null: no limit. Labs only. */
	attemptLimit?: string | number | null;
	latePolicy: string;
	latePenaltyPercent?: string | number | null;
}

export interface AssignmentFields {
	lesson: string;
	opensAt: Date;
	dueAt: Date;
	attemptLimit: number | null;
	latePolicy: LatePolicy;
	latePenaltyPercent: number;
}

export type FieldErrors = Partial<Record<keyof AssignmentInput, string>>;

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
const isBlank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/**
 * Checks what an instructor asked for, naming each field that is wrong.
 * `lessonExists` says whether a slug names something assignable to the class.
 */
export function checkAssignment(
	input: AssignmentInput,
	lessonExists: (slug: string) => Lesson | undefined
): { ok: true; value: AssignmentFields } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const lesson = lessonExists(String(input.lesson ?? ''));
	if (!lesson) errors.lesson = 'Choose a lesson or lab to assign.';

	const opensAt = asDate(input.opensAt);
	const dueAt = asDate(input.dueAt);
	if (isBlank(input.opensAt) || Number.isNaN(opensAt.getTime()))
		errors.opensAt = 'Give the date and time the assignment opens.';
	if (isBlank(input.dueAt) || Number.isNaN(dueAt.getTime()))
		errors.dueAt = 'Give the date and time the assignment is due.';
	else if (!errors.opensAt && dueAt <= opensAt)
		errors.dueAt = 'The due date must come after it opens.';

	let attemptLimit: number | null = null;
	if (!isBlank(input.attemptLimit)) {
		const n = Number(input.attemptLimit);
		if (lesson && lesson.kind !== 'lab')
			errors.attemptLimit = 'Only labs are submitted, so only labs take an attempt limit.';
		else if (!Number.isInteger(n) || n < 1 || n > 100)
			errors.attemptLimit = 'The attempt limit is a whole number from 1 to 100, or empty for none.';
		else attemptLimit = n;
	}

	const latePolicy = String(input.latePolicy ?? '') as LatePolicy;
	if (!latePolicies.includes(latePolicy))
		errors.latePolicy =
			'Choose what happens to late work: accept it, take a penalty, or refuse it.';

	let latePenaltyPercent = 0;
	if (latePolicy === 'penalty') {
		const n = Number(input.latePenaltyPercent);
		if (isBlank(input.latePenaltyPercent) || !Number.isInteger(n) || n < 1 || n > 100)
			errors.latePenaltyPercent = 'The penalty is a whole percentage per day late, from 1 to 100.';
		else latePenaltyPercent = n;
	}

	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return {
		ok: true,
		value: { lesson: lesson!.slug, opensAt, dueAt, attemptLimit, latePolicy, latePenaltyPercent }
	};
}

// ── Late work ────────────────────────────────────────────────────────────────

/** How many started days after the due date `at` is (0 when on time). */
export function daysLate(at: Date, dueAt: Date): number {
	return at <= dueAt ? 0 : Math.ceil((at.getTime() - dueAt.getTime()) / DAY);
}

/**
 * What a piece of work done at `at` is worth, as a fraction of its full
 * value, under the assignment's late policy.
 */
export function lateFactor(
	a: Pick<Assignment, 'dueAt' | 'latePolicy' | 'latePenaltyPercent'>,
	at: Date
): number {
	const days = daysLate(at, a.dueAt);
	if (days === 0 || a.latePolicy === 'accept') return 1;
	if (a.latePolicy === 'refuse') return 0;
	return Math.max(0, 1 - (days * a.latePenaltyPercent) / 100);
}

// ── Lessons: graded from the steps' checks ──────────────────────────────────

export type Status = 'not-started' | 'in-progress' | 'submitted' | 'complete';

export interface EvidenceCheck extends GradedCheck {
	/** When it first passed, if it has. */
	passedAt: string | null;
	late: boolean;
}

export interface StepEvidence {
	step: string;
	title: string;
	startedAt: string | null;
	completedAt: string | null;
	hintsUsed: number;
	solutionRevealedAt: string | null;
	checks: EvidenceCheck[];
}

export interface Grade {
	status: Status;
	/** 0–100 after any late penalty; null before anything counts. */
	score: number | null;
	/** When the work that counts was done: a lab's graded submission, a lesson's last counted check. */
	submittedAt: string | null;
	late: boolean;
	attempts: number;
}

type StepRow = typeof stepProgress.$inferSelect;
/** What a grade needs of a step's progress (a gradebook reads only this). */
type StepTimes = Pick<StepRow, 'step' | 'checksFirstPassed'>;

/**
 * A lesson's grade from its steps' checks: each check is worth the same,
 * counted from when it first passed (late ones under the late policy), so a
 * learner who did half the lesson has half the score.
 */
export function scoreLesson(
	lesson: Lesson,
	a: Pick<Assignment, 'dueAt' | 'latePolicy' | 'latePenaltyPercent'>,
	rows: StepTimes[]
): Grade {
	if (rows.length === 0)
		return { status: 'not-started', score: null, submittedAt: null, late: false, attempts: 0 };
	const byStep = new Map(rows.map((r) => [r.step, r]));
	let total = 0;
	let passed = 0;
	let earned = 0;
	let last: Date | null = null;
	let late = false;
	for (const step of lesson.steps) {
		const times = byStep.get(step.id)?.checksFirstPassed ?? [];
		for (let i = 0; i < step.checks.length; i++) {
			total++;
			const passedAt = times[i];
			if (!passedAt) continue;
			passed++;
			const at = new Date(passedAt);
			const factor = lateFactor(a, at);
			earned += factor;
			if (factor > 0) {
				late ||= at > a.dueAt;
				if (!last || at > last) last = at;
			}
		}
	}
	return {
		status: passed === total ? 'complete' : 'in-progress',
		score: Math.round((earned / Math.max(total, 1)) * 100),
		submittedAt: (last as Date | null)?.toISOString() ?? null,
		late,
		attempts: 0
	};
}

/**
 * A lesson's grade (scoreLesson) with its evidence: every check with its
 * latest verdict and the time it first passed, step by step.
 */
export function gradeLesson(
	lesson: Lesson,
	a: Pick<Assignment, 'dueAt' | 'latePolicy' | 'latePenaltyPercent'>,
	rows: StepRow[]
): { grade: Grade; evidence: StepEvidence[] } {
	const byStep = new Map(rows.map((r) => [r.step, r]));
	const evidence = lesson.steps.map((step): StepEvidence => {
		const row = byStep.get(step.id);
		const checks = step.checks.map((c, i): EvidenceCheck => {
			const passedAt = row?.checksFirstPassed[i] ?? null;
			const verdict = row?.lastVerdicts?.[i];
			return {
				label: checkLabel(c as Check),
				pass: verdict?.pass ?? passedAt !== null,
				message: verdict?.message ?? (passedAt ? 'Passed.' : 'Not checked yet.'),
				passedAt,
				late: passedAt !== null && new Date(passedAt) > a.dueAt
			};
		});
		return {
			step: step.id,
			title: step.title,
			startedAt: row?.startedAt.toISOString() ?? null,
			completedAt: row?.completedAt?.toISOString() ?? null,
			hintsUsed: row?.hintsUsed ?? 0,
			solutionRevealedAt: row?.solutionRevealedAt?.toISOString() ?? null,
			checks
		};
	});
	return { grade: scoreLesson(lesson, a, rows), evidence };
}

// ── Labs: submitted, graded on the engine at that moment ────────────────────

/** A lab's grade: its best submission (a later, worse attempt never lowers it). */
export function gradeLab(subs: Pick<Submission, 'score' | 'submittedAt' | 'late'>[]): Grade {
	if (subs.length === 0)
		return { status: 'not-started', score: null, submittedAt: null, late: false, attempts: 0 };
	const best = subs.reduce((b, s) => (s.score > b.score ? s : b));
	return {
		status: best.score === 100 ? 'complete' : 'submitted',
		score: best.score,
		submittedAt: best.submittedAt.toISOString(),
		late: best.late,
		attempts: subs.length
	};
}

const graded = (results: CheckResult[]): GradedCheck[] =>
	results.map((r) => ({ label: checkLabel(r.check), pass: r.pass, message: r.message }));

const rawScoreOf = (checks: { pass: boolean }[]) =>
	Math.round((checks.filter((c) => c.pass).length / Math.max(checks.length, 1)) * 100);

export type SubmitResult =
	{ kind: 'graded'; submission: Submission } | { kind: 'refused'; message: string };

/**
 * Grades a learner's lab on their engine as it is now, and records the
 * submission with its evidence. Refused (with the reason) when the learner is
 * not in the class, the assignment is not open yet, the due date has passed
 * and late work is refused, the attempts are used up, or they have no engine.
 */
export async function submitLab(
	db: Database,
	engine: Grading & { listSessions(userId: string): Promise<EngineSession[]> },
	userId: string,
	assignmentId: string,
	now = new Date()
): Promise<SubmitResult> {
	const [a] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
	const role = a ? await membershipOf(db, a.classId, userId) : null;
	if (!a || role !== 'learner')
		return { kind: 'refused', message: 'There is no such assignment of yours.' };
	const lesson = lessonBySlug(a.lesson);
	if (!lesson || lesson.kind !== 'lab')
		return { kind: 'refused', message: 'Only labs are submitted; lessons are graded as you go.' };
	if (now < a.opensAt)
		return {
			kind: 'refused',
			message: `This lab opens on ${formatInstant(a.opensAt, { local: false })}.`
		};
	if (now > a.dueAt && a.latePolicy === 'refuse')
		return {
			kind: 'refused',
			message: `This lab was due on ${formatInstant(a.dueAt, { local: false })}, and late work is not accepted.`
		};
	const [session] = await engine.listSessions(userId);
	if (!session)
		return { kind: 'refused', message: 'You have no engine running: open the lab to start one.' };

	const step = lesson.steps[0]!;
	const vars = { namespace: session.registry.username };
	const { result, stored } = await gradeAndStore(engine, session.id, step.checks, vars);
	const checks = graded(result.checks);
	const rawScore = rawScoreOf(checks);
	const score = Math.round(rawScore * lateFactor(a, now));

	// The attempt number is taken inside the insert's transaction, so two
	// submissions at once cannot both be attempt 3 of 3.
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${a.id}/${userId}`}))`);
		const [last] = await tx
			.select({ n: max(submissions.attempt) })
			.from(submissions)
			.where(and(eq(submissions.assignmentId, a.id), eq(submissions.userId, userId)));
		const attempt = (last?.n ?? 0) + 1;
		if (a.attemptLimit !== null && attempt > a.attemptLimit)
			return {
				kind: 'refused',
				message: `You have used all ${a.attemptLimit} attempt${a.attemptLimit === 1 ? '' : 's'} at this lab.`
			} satisfies SubmitResult;
		const evidence: SubmissionEvidence & { vars: { namespace: string } } = {
			checks,
			observedAt: result.observedAt,
			observation: stored,
			vars
		};
		const [submission] = await tx
			.insert(submissions)
			.values({
				id: generateId(),
				assignmentId: a.id,
				userId,
				attempt,
				submittedAt: now,
				engineSession: session.id,
				rawScore,
				score,
				late: now > a.dueAt,
				evidence,
				gradedAt: now
			})
			.returning();
		return { kind: 'graded', submission: submission! } satisfies SubmitResult;
	});
}

interface EngineSession {
	id: string;
	registry: { username: string };
}

/**
 * Judges every submission of a lab assignment again with the lab's current
 * checks, on what was observed when each was submitted (not on the engine
 * as it is now). The earlier grading stays in the evidence. Instructors only.
 */
export async function regrade(
	db: Database,
	assignmentId: string,
	viewer: Viewer,
	now = new Date()
): Promise<{ regraded: number; changed: number } | null> {
	const a = await assignmentForInstructor(db, assignmentId, viewer);
	if (!a) return null;
	const lesson = lessonBySlug(a.lesson);
	if (!lesson || lesson.kind !== 'lab') return { regraded: 0, changed: 0 };
	const template = lesson.steps[0]!.checks;
	const subs = await db.select().from(submissions).where(eq(submissions.assignmentId, a.id));
	let changed = 0;
	for (const s of subs) {
		const evidence = s.evidence as SubmissionEvidence & { vars?: { namespace: string } };
		const checks = graded(
			rejudge(withVars(template, evidence.vars ?? {}), evidence.observation as StoredObservation)
		);
		const rawScore = rawScoreOf(checks);
		const score = Math.round(rawScore * lateFactor(a, s.submittedAt));
		// (Compared field by field: jsonb does not keep the order of an object's keys.)
		const key = (list: GradedCheck[]) =>
			JSON.stringify(list.map((c) => [c.label, c.pass, c.message]));
		const same = key(checks) === key(evidence.checks) && score === s.score;
		if (same) continue;
		changed++;
		await db
			.update(submissions)
			.set({
				rawScore,
				score,
				gradedAt: now,
				evidence: {
					...evidence,
					checks,
					earlier: [
						...(evidence.earlier ?? []),
						{ score: s.score, checks: evidence.checks, gradedAt: s.gradedAt.toISOString() }
					]
				}
			})
			.where(eq(submissions.id, s.id));
	}
	return { regraded: subs.length, changed };
}

// ── Who may see what ─────────────────────────────────────────────────────────

/** The assignment, if `viewer` teaches its class (or is an admin); otherwise null. */
export async function assignmentForInstructor(db: Database, id: string, viewer: Viewer) {
	if (!canTeach(viewer)) return null;
	const [a] = await db.select().from(assignments).where(eq(assignments.id, id));
	if (!a || !(await classForInstructor(db, a.classId, viewer))) return null;
	return a;
}

/** Creates an assignment in a class `viewer` teaches. */
export async function createAssignment(
	db: Database,
	classId: string,
	viewer: Viewer,
	input: AssignmentInput
): Promise<
	| { kind: 'created'; assignment: Assignment }
	| { kind: 'invalid'; errors: FieldErrors }
	| { kind: 'forbidden' }
> {
	if (!(await classForInstructor(db, classId, viewer))) return { kind: 'forbidden' };
	const checked = checkAssignment(input, (slug) =>
		assignableLessons(classId).find((l) => l.slug === slug)
	);
	if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
	const rows = await db.transaction(async (tx) => {
		// A lab written here may be unpublished or deleted at this very moment (lab-withdrawal.ts).
		if (!(await labStillAssignable(tx, checked.value.lesson))) return null;
		return tx
			.insert(assignments)
			.values({ id: generateId(), classId, createdBy: viewer.id, ...checked.value })
			.onConflictDoNothing()
			.returning();
	});
	if (!rows)
		return {
			kind: 'invalid',
			errors: { lesson: 'That lab is no longer published to this class.' }
		};
	if (rows.length === 0)
		return { kind: 'invalid', errors: { lesson: 'This class already has that assignment.' } };
	return { kind: 'created', assignment: rows[0]! };
}

/** Changes an assignment's dates and policies (its lesson stays). */
export async function updateAssignment(
	db: Database,
	id: string,
	viewer: Viewer,
	input: Omit<AssignmentInput, 'lesson'>
): Promise<{ kind: 'updated' } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'forbidden' }> {
	const a = await assignmentForInstructor(db, id, viewer);
	if (!a) return { kind: 'forbidden' };
	const checked = checkAssignment({ ...input, lesson: a.lesson }, lessonBySlug);
	if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
	const { opensAt, dueAt, attemptLimit, latePolicy, latePenaltyPercent } = checked.value;
	await db
		.update(assignments)
		.set({ opensAt, dueAt, attemptLimit, latePolicy, latePenaltyPercent })
		.where(eq(assignments.id, id));
	return { kind: 'updated' };
}

export async function deleteAssignment(db: Database, id: string, viewer: Viewer) {
	const a = await assignmentForInstructor(db, id, viewer);
	if (!a) return false;
	await db.delete(assignments).where(eq(assignments.id, id));
	return true;
}

/** A class's assignments, by due date. Instructors of the class only (null otherwise). */
export async function assignmentsOfClass(db: Database, classId: string, viewer: Viewer) {
	if (!(await classForInstructor(db, classId, viewer))) return null;
	return db
		.select()
		.from(assignments)
		.where(eq(assignments.classId, classId))
		.orderBy(asc(assignments.dueAt), asc(assignments.createdAt));
}

// ── Grades for many learners at once ────────────────────────────────────────

/**
 * Grades of `userIds` × `list`, in two queries (all step progress of the
 * assigned lessons, all submissions of the assigned labs). Keyed
 * `${assignmentId}/${userId}`.
 */
async function gradesOf(
	db: Database,
	list: Assignment[],
	userIds: string[]
): Promise<Map<string, Grade>> {
	const grades = new Map<string, Grade>();
	if (list.length === 0 || userIds.length === 0) return grades;
	const lessonSlugs = list.map((a) => a.lesson);
	const [steps, subs] = await Promise.all([
		db
			.select({
				userId: stepProgress.userId,
				lesson: stepProgress.lesson,
				step: stepProgress.step,
				checksFirstPassed: stepProgress.checksFirstPassed
			})
			.from(stepProgress)
			.where(and(inArray(stepProgress.userId, userIds), inArray(stepProgress.lesson, lessonSlugs))),
		db
			.select({
				assignmentId: submissions.assignmentId,
				userId: submissions.userId,
				score: submissions.score,
				submittedAt: submissions.submittedAt,
				late: submissions.late
			})
			.from(submissions)
			.where(
				and(
					inArray(
						submissions.assignmentId,
						list.map((a) => a.id)
					),
					inArray(submissions.userId, userIds)
				)
			)
	]);
	const stepsBy = groupBy(steps, (r) => `${r.lesson}/${r.userId}`);
	const subsBy = groupBy(subs, (s) => `${s.assignmentId}/${s.userId}`);
	for (const a of list) {
		const lesson = lessonBySlug(a.lesson);
		for (const userId of userIds) {
			const key = `${a.id}/${userId}`;
			if (lesson?.kind === 'lab') grades.set(key, gradeLab(subsBy.get(key) ?? []));
			else if (lesson)
				grades.set(key, scoreLesson(lesson, a, stepsBy.get(`${a.lesson}/${userId}`) ?? []));
		}
	}
	return grades;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const row of rows) {
		const k = key(row);
		const list = map.get(k);
		if (list) list.push(row);
		else map.set(k, [row]);
	}
	return map;
}

export interface GradebookLearner {
	userId: string;
	name: string;
	email: string | null;
	isGuest: boolean;
}

export interface Gradebook {
	assignments: (Assignment & { title: string; kind: 'lesson' | 'lab' })[];
	learners: GradebookLearner[];
	/** `${assignmentId}/${userId}` → grade */
	grades: Map<string, Grade>;
}

/** What a learner is called in a gradebook: their display name, email, or a guest's short id. */
export const learnerName = (u: {
	displayName: string | null;
	email: string | null;
	userId: string;
}) => u.displayName?.trim() || u.email || `Guest ${u.userId.slice(0, 6)}`;

/** The class's learners × assignments, for its instructors (null for anyone else). */
export async function gradebook(
	db: Database,
	classId: string,
	viewer: Viewer
): Promise<Gradebook | null> {
	const list = await assignmentsOfClass(db, classId, viewer);
	if (!list) return null;
	const learners = (
		await db
			.select({
				userId: users.id,
				displayName: users.displayName,
				email: users.email,
				isGuest: users.isGuest
			})
			.from(classMembers)
			.innerJoin(users, eq(users.id, classMembers.userId))
			.where(and(eq(classMembers.classId, classId), eq(classMembers.role, 'learner')))
	)
		.map((u) => ({ userId: u.userId, name: learnerName(u), email: u.email, isGuest: u.isGuest }))
		.sort((x, y) => x.name.localeCompare(y.name) || x.userId.localeCompare(y.userId));
	const grades = await gradesOf(
		db,
		list,
		learners.map((l) => l.userId)
	);
	return {
		assignments: list.map((a) => {
			const lesson = lessonBySlug(a.lesson);
			return { ...a, title: lesson?.title ?? a.lesson, kind: lesson?.kind ?? 'lesson' };
		}),
		learners,
		grades
	};
}

// ── CSV ──────────────────────────────────────────────────────────────────────

/**
 * One CSV field. A value a spreadsheet would run as a formula (starting with
 * =, +, -, @, or a tab or carriage return) gets a leading apostrophe, as
 * OWASP advises; then it is quoted if it holds a comma, quote or newline.
 */
export function csvField(value: string | number | null | undefined): string {
	let s = value === null || value === undefined ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The gradebook as CSV: a row per learner; per assignment its score, submission time and lateness. */
export function gradebookCsv(book: Gradebook): string {
	const header = ['Learner', 'Email'];
	for (const a of book.assignments)
		header.push(`${a.title} score`, `${a.title} submitted`, `${a.title} late`);
	const lines = [header];
	for (const l of book.learners) {
		const row: (string | number | null)[] = [l.name, l.email ?? ''];
		for (const a of book.assignments) {
			const g = book.grades.get(`${a.id}/${l.userId}`);
			row.push(
				g?.score ?? null,
				g?.submittedAt ?? null,
				g?.submittedAt ? (g.late ? 'yes' : 'no') : null
			);
		}
		lines.push(row as string[]);
	}
	return lines.map((r) => r.map((v) => csvField(v)).join(',')).join('\r\n') + '\r\n';
}

// ── A learner's side ─────────────────────────────────────────────────────────

export interface LearnerAssignment {
	id: string;
	classId: string;
	className: string;
	lesson: string;
	title: string;
	kind: 'lesson' | 'lab';
	opensAt: Date;
	dueAt: Date;
	attemptLimit: number | null;
	latePolicy: LatePolicy;
	latePenaltyPercent: number;
	grade: Grade;
}

/** Every assignment of every class the learner is in, soonest due first. */
export async function assignmentsForLearner(
	db: Database,
	userId: string
): Promise<LearnerAssignment[]> {
	const rows = await db
		.select({ assignment: assignments, className: classes.name })
		.from(classMembers)
		.innerJoin(assignments, eq(assignments.classId, classMembers.classId))
		.innerJoin(classes, eq(classes.id, classMembers.classId))
		.where(and(eq(classMembers.userId, userId), eq(classMembers.role, 'learner')))
		.orderBy(asc(assignments.dueAt));
	const grades = await gradesOf(
		db,
		rows.map((r) => r.assignment),
		[userId]
	);
	return rows.flatMap(({ assignment: a, className }) => {
		const lesson = lessonBySlug(a.lesson);
		if (!lesson) return [];
		return [
			{
				id: a.id,
				classId: a.classId,
				className,
				lesson: a.lesson,
				title: lesson.title,
				kind: lesson.kind,
				opensAt: a.opensAt,
				dueAt: a.dueAt,
				attemptLimit: a.attemptLimit,
				latePolicy: a.latePolicy,
				latePenaltyPercent: a.latePenaltyPercent,
				grade: grades.get(`${a.id}/${userId}`)!
			}
		];
	});
}

/** A learner's own submissions of one lab assignment, newest first (their own only). */
export async function mySubmissions(db: Database, assignmentId: string, userId: string) {
	return db
		.select()
		.from(submissions)
		.where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.userId, userId)))
		.orderBy(desc(submissions.attempt));
}

/** The lab assignments of a learner's classes for one lab (to offer Submit in the player). */
export async function labAssignmentsFor(db: Database, userId: string, lesson: string) {
	return (await assignmentsForLearner(db, userId)).filter(
		(a) => a.lesson === lesson && a.kind === 'lab'
	);
}

export interface LearnerRecord {
	learner: GradebookLearner;
	assignments: {
		assignment: Assignment;
		title: string;
		kind: 'lesson' | 'lab';
		grade: Grade;
		/** A lesson's steps with each check's evidence. */
		steps: StepEvidence[];
		/** A lab's submissions, newest first, each with its evidence. */
		submissions: Submission[];
		/** The engines the learner used for it, whose terminal recordings can be replayed. */
		engines: { engineSession: string; firstUsedAt: Date }[];
	}[];
}

/**
 * Everything one learner did for a class's assignments: per lesson, a
 * timeline of steps and checks; per lab, each submission and its evidence.
 * For the class's instructors only (null otherwise, or when the person is
 * not a learner of that class).
 */
export async function learnerRecord(
	db: Database,
	classId: string,
	learnerId: string,
	viewer: Viewer
): Promise<LearnerRecord | null> {
	const list = await assignmentsOfClass(db, classId, viewer);
	if (!list) return null;
	const [u] = await db
		.select({
			userId: users.id,
			displayName: users.displayName,
			email: users.email,
			isGuest: users.isGuest,
			role: classMembers.role
		})
		.from(classMembers)
		.innerJoin(users, eq(users.id, classMembers.userId))
		.where(and(eq(classMembers.classId, classId), eq(classMembers.userId, learnerId)));
	if (!u || u.role !== 'learner') return null;
	const slugs = list.map((a) => a.lesson);
	const [steps, subs, engines] = await Promise.all([
		slugs.length
			? db
					.select()
					.from(stepProgress)
					.where(and(eq(stepProgress.userId, learnerId), inArray(stepProgress.lesson, slugs)))
			: [],
		list.length
			? db
					.select()
					.from(submissions)
					.where(
						and(
							eq(submissions.userId, learnerId),
							inArray(
								submissions.assignmentId,
								list.map((a) => a.id)
							)
						)
					)
					.orderBy(desc(submissions.attempt))
			: [],
		slugs.length
			? db
					.select()
					.from(lessonEngines)
					.where(and(eq(lessonEngines.userId, learnerId), inArray(lessonEngines.lesson, slugs)))
					.orderBy(asc(lessonEngines.firstUsedAt))
			: []
	]);
	return {
		learner: { userId: u.userId, name: learnerName(u), email: u.email, isGuest: u.isGuest },
		assignments: list.flatMap((a) => {
			const lesson = lessonBySlug(a.lesson);
			if (!lesson) return [];
			const mine = subs.filter((s) => s.assignmentId === a.id);
			const lessonSteps = steps.filter((s) => s.lesson === a.lesson);
			const { grade, evidence } = gradeLesson(lesson, a, lessonSteps);
			return [
				{
					assignment: a,
					title: lesson.title,
					kind: lesson.kind,
					grade: lesson.kind === 'lab' ? gradeLab(mine) : grade,
					steps: evidence,
					submissions: mine,
					engines: engines
						.filter((e) => e.lesson === a.lesson)
						.map((e) => ({ engineSession: e.engineSession, firstUsedAt: e.firstUsedAt }))
				}
			];
		})
	};
}

/**
 * May `viewer` replay recordings of engine `engineSession`? Only an
 * instructor of a class in which the engine's owner is a learner and which
 * has an assignment of a lesson that engine was used for.
 */
export async function mayReplay(
	db: Database,
	classId: string,
	learnerId: string,
	engineSession: string,
	viewer: Viewer
): Promise<boolean> {
	const list = await assignmentsOfClass(db, classId, viewer);
	if (!list || list.length === 0) return false;
	if ((await membershipOf(db, classId, learnerId)) !== 'learner') return false;
	const [used] = await db
		.select({ lesson: lessonEngines.lesson })
		.from(lessonEngines)
		.where(
			and(
				eq(lessonEngines.userId, learnerId),
				eq(lessonEngines.engineSession, engineSession),
				inArray(
					lessonEngines.lesson,
					list.map((a) => a.lesson)
				)
			)
		)
		.limit(1);
	return !!used;
}

/**
 * A guest signed in to an existing account: their submissions move with
 * them, numbered after any the account already had for the same assignment.
 */
export async function mergeSubmissions(db: Database, fromUser: string, toUser: string) {
	if (fromUser === toUser) return;
	await db.execute(sql`
		update submissions s set user_id = ${toUser},
			attempt = s.attempt + coalesce((
				select max(t.attempt) from submissions t
				where t.assignment_id = s.assignment_id and t.user_id = ${toUser}), 0)
		where s.user_id = ${fromUser}`);
}
