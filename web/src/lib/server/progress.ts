import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './db';
import { lessonEngines, lessonProgress, stepProgress } from './db/schema';

/** What the player records about a step's verdict: which checks pass now. */
export interface Verdicts {
	pass: boolean;
	checks: { pass: boolean; message?: string }[];
}

export type LessonRow = typeof lessonProgress.$inferSelect;
export type StepRow = typeof stepProgress.$inferSelect;

/** Marks a lesson and one of its steps started (idempotent), and remembers the step as current. */
export async function startStep(db: Database, userId: string, lesson: string, step: string) {
	await db
		.insert(lessonProgress)
		.values({ userId, lesson, currentStep: step })
		.onConflictDoUpdate({
			target: [lessonProgress.userId, lessonProgress.lesson],
			set: { currentStep: step, updatedAt: sql`now()` }
		});
	await db.insert(stepProgress).values({ userId, lesson, step }).onConflictDoNothing();
}

/**
 * Records a verdict: the first time each check passes, and the step's
 * completion the first time all of them pass. When every step of the lesson
 * (`stepIds`) is complete, so is the lesson. Returns whether the step is
 * (now or already) complete.
 */
export async function recordVerdicts(
	db: Database,
	userId: string,
	lesson: string,
	step: string,
	stepIds: string[],
	verdicts: Verdicts
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(stepProgress)
			.where(
				and(
					eq(stepProgress.userId, userId),
					eq(stepProgress.lesson, lesson),
					eq(stepProgress.step, step)
				)
			)
			.for('update');
		if (!row) return false;
		const now = new Date();
		const firsts = verdicts.checks.map(
			(c, i) => row.checksFirstPassed[i] ?? (c.pass ? now.toISOString() : null)
		);
		const completes = verdicts.pass && !row.completedAt;
		const latest = verdicts.checks.map((c) => ({ pass: c.pass, message: c.message ?? '' }));
		const changed =
			completes ||
			firsts.some((f, i) => f !== (row.checksFirstPassed[i] ?? null)) ||
			JSON.stringify(latest) !== JSON.stringify(row.lastVerdicts);
		if (changed) {
			await tx
				.update(stepProgress)
				.set({
					checksFirstPassed: firsts,
					lastVerdicts: latest,
					lastVerdictsAt: now,
					...(completes && { completedAt: now })
				})
				.where(
					and(
						eq(stepProgress.userId, userId),
						eq(stepProgress.lesson, lesson),
						eq(stepProgress.step, step)
					)
				);
		}
		if (completes) {
			const done = await tx
				.select({ step: stepProgress.step })
				.from(stepProgress)
				.where(
					and(
						eq(stepProgress.userId, userId),
						eq(stepProgress.lesson, lesson),
						sql`${stepProgress.completedAt} is not null`
					)
				);
			const complete = new Set(done.map((d) => d.step));
			if (stepIds.every((id) => complete.has(id)))
				await tx
					.update(lessonProgress)
					.set({ completedAt: now, updatedAt: now })
					.where(
						and(
							eq(lessonProgress.userId, userId),
							eq(lessonProgress.lesson, lesson),
							sql`${lessonProgress.completedAt} is null`
						)
					);
		}
		return verdicts.pass || row.completedAt !== null;
	});
}

/** The learner opened hint number `count` (1-based); hints only ever add up. */
export async function useHint(
	db: Database,
	userId: string,
	lesson: string,
	step: string,
	count: number
) {
	await db
		.update(stepProgress)
		.set({ hintsUsed: sql`greatest(${stepProgress.hintsUsed}, ${count})` })
		.where(
			and(
				eq(stepProgress.userId, userId),
				eq(stepProgress.lesson, lesson),
				eq(stepProgress.step, step)
			)
		);
}

/** The learner chose to see the solution (the first time is kept). */
export async function revealSolution(db: Database, userId: string, lesson: string, step: string) {
	await db
		.update(stepProgress)
		.set({ solutionRevealedAt: sql`coalesce(${stepProgress.solutionRevealedAt}, now())` })
		.where(
			and(
				eq(stepProgress.userId, userId),
				eq(stepProgress.lesson, lesson),
				eq(stepProgress.step, step)
			)
		);
}

export async function setEngineSession(
	db: Database,
	userId: string,
	lesson: string,
	engineSession: string
) {
	await db
		.update(lessonProgress)
		.set({ engineSession, updatedAt: sql`now()` })
		.where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lesson, lesson)));
	await db.insert(lessonEngines).values({ userId, lesson, engineSession }).onConflictDoNothing();
}

/** Everything a learner has done, by lesson. */
export async function progressOf(
	db: Database,
	userId: string
): Promise<Map<string, { lesson: LessonRow; steps: Map<string, StepRow> }>> {
	const [lessons, steps] = await Promise.all([
		db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId)),
		db.select().from(stepProgress).where(eq(stepProgress.userId, userId))
	]);
	const byLesson = new Map<string, { lesson: LessonRow; steps: Map<string, StepRow> }>();
	for (const lesson of lessons) byLesson.set(lesson.lesson, { lesson, steps: new Map() });
	for (const step of steps) byLesson.get(step.lesson)?.steps.set(step.step, step);
	return byLesson;
}

/**
 * Moves a guest's progress to the account they signed in to. Where both have
 * a row, the account keeps the earlier start and completion, each check's
 * earlier first pass, the most hints and the earlier solution view.
 */
export async function mergeProgress(db: Database, fromUser: string, toUser: string) {
	if (fromUser === toUser) return;
	await db.transaction(async (tx) => {
		await tx.execute(sql`
			insert into lesson_progress as l (user_id, lesson, started_at, completed_at, current_step, engine_session, updated_at)
			select ${toUser}, lesson, started_at, completed_at, current_step, null, updated_at
			from lesson_progress where user_id = ${fromUser}
			on conflict (user_id, lesson) do update set
				started_at = least(l.started_at, excluded.started_at),
				completed_at = least(l.completed_at, excluded.completed_at)`);
		await tx.execute(sql`
			insert into step_progress as s (user_id, lesson, step, started_at, completed_at, checks_first_passed, hints_used, solution_revealed_at, last_verdicts, last_verdicts_at)
			select ${toUser}, lesson, step, started_at, completed_at, checks_first_passed, hints_used, solution_revealed_at, last_verdicts, last_verdicts_at
			from step_progress where user_id = ${fromUser}
			on conflict (user_id, lesson, step) do update set
				started_at = least(s.started_at, excluded.started_at),
				completed_at = least(s.completed_at, excluded.completed_at),
				hints_used = greatest(s.hints_used, excluded.hints_used),
				solution_revealed_at = least(s.solution_revealed_at, excluded.solution_revealed_at),
				last_verdicts = case when excluded.last_verdicts_at > s.last_verdicts_at or s.last_verdicts_at is null
					then excluded.last_verdicts else s.last_verdicts end,
				last_verdicts_at = greatest(s.last_verdicts_at, excluded.last_verdicts_at),
				checks_first_passed = (
					select coalesce(jsonb_agg(
						case
							when a.value = 'null'::jsonb then coalesce(b.value, 'null'::jsonb)
							when b.value is null or b.value = 'null'::jsonb then a.value
							when a.value #>> '{}' <= b.value #>> '{}' then a.value
							else b.value
						end order by a.ord), '[]'::jsonb)
					from jsonb_array_elements(
						case when jsonb_array_length(s.checks_first_passed) >= jsonb_array_length(excluded.checks_first_passed)
							then s.checks_first_passed else excluded.checks_first_passed end
					) with ordinality as a(value, ord)
					left join jsonb_array_elements(
						case when jsonb_array_length(s.checks_first_passed) >= jsonb_array_length(excluded.checks_first_passed)
							then excluded.checks_first_passed else s.checks_first_passed end
					) with ordinality as b(value, ord) using (ord)
				)`);
		await tx.execute(sql`
			insert into lesson_engines (user_id, lesson, engine_session, first_used_at)
			select ${toUser}, lesson, engine_session, first_used_at
			from lesson_engines where user_id = ${fromUser}
			on conflict do nothing`);
		await tx.delete(lessonEngines).where(eq(lessonEngines.userId, fromUser));
		await tx.delete(stepProgress).where(eq(stepProgress.userId, fromUser));
		await tx.delete(lessonProgress).where(eq(lessonProgress.userId, fromUser));
	});
}
