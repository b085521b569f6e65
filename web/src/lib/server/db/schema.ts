import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
// Relative, not $lib: drizzle-kit loads this file without SvelteKit's aliases.
import { roles } from '../../user';

export { roles, type Role } from '../../user';

/**
 * Everyone who uses Berth, guests included. A guest has no email and no
 * password; signing up fills those in on the same row, so everything the guest
 * did (rows that point at this id) stays theirs.
 */
export const users = pgTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** Normalised (trimmed, lower-case). Null for guests. */
		email: text('email').unique(),
		passwordHash: text('password_hash'),
		displayName: text('display_name'),
		role: text('role', { enum: roles }).notNull().default('learner'),
		isGuest: boolean('is_guest').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('users_role_known', sql`${t.role} in ('learner', 'instructor', 'admin')`),
		// A guest has no credentials; a registered user has both.
		check(
			'users_guest_has_no_credentials',
			sql`(${t.isGuest} and ${t.email} is null and ${t.passwordHash} is null)
			  or (not ${t.isGuest} and ${t.email} is not null and ${t.passwordHash} is not null)`
		)
	]
);

/**
 * Sign-in sessions, in the style of Lucia's session guide: the browser holds a
 * random token, and only its SHA-256 (hex) is stored here as the id, so a leak
 * of this table does not leak usable sessions.
 */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_id_idx').on(t.userId)]
);

/**
 * A learner's progress through a lesson (or lab), by its slug in content/.
 */
export const lessonProgress = pgTable(
	'lesson_progress',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		/** The step they were last on. */
		currentStep: text('current_step'),
		/** The engine session its starting files were placed in (a new engine needs them again). */
		engineSession: text('engine_session'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.lesson] })]
);

/**
 * A learner's progress through one step: when they started and completed it,
 * when each of its checks first passed, the hints they opened and whether
 * they looked at the solution.
 */
export const stepProgress = pgTable(
	'step_progress',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		step: text('step').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		/** ISO time each check (by its index in the step) first passed, or null. */
		checksFirstPassed: jsonb('checks_first_passed')
			.$type<(string | null)[]>()
			.notNull()
			.default([]),
		hintsUsed: integer('hints_used').notNull().default(0),
		solutionRevealedAt: timestamp('solution_revealed_at', { withTimezone: true }),
		/** The checks' latest verdicts (pass and message, by index), the evidence behind a lesson's grade. */
		lastVerdicts: jsonb('last_verdicts').$type<{ pass: boolean; message: string }[]>(),
		lastVerdictsAt: timestamp('last_verdicts_at', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.userId, t.lesson, t.step] })]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/**
 * A class an instructor teaches. Who is in it (instructors included) is in
 * class_members; the creator is kept for the record, and a class outlives
 * them as long as a co-instructor remains.
 */
export const classes = pgTable('classes', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	/** An archived class keeps its members and takes no new ones. */
	archivedAt: timestamp('archived_at', { withTimezone: true })
});

export const classRoles = ['instructor', 'learner'] as const;
export type ClassRole = (typeof classRoles)[number];

/** Who is in a class, and as what. Guests may be learners: their id survives signing up. */
export const classMembers = pgTable(
	'class_members',
	{
		classId: text('class_id')
			.notNull()
			.references(() => classes.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: classRoles }).notNull(),
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.classId, t.userId] }),
		index('class_members_user_id_idx').on(t.userId),
		check('class_members_role_known', sql`${t.role} in ('instructor', 'learner')`)
	]
);

/**
 * Join codes. A class has at most one code that is not revoked (making a new
 * one revokes the old, and the partial unique index holds that even against
 * two instructors clicking at once). Old codes stay, so a learner with one
 * hears "revoked" rather than "unknown".
 */
export const classCodes = pgTable(
	'class_codes',
	{
		code: text('code').primaryKey(),
		classId: text('class_id')
			.notNull()
			.references(() => classes.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('class_codes_one_active_idx')
			.on(t.classId)
			.where(sql`${t.revokedAt} is null`)
	]
);

export type Class = typeof classes.$inferSelect;
export type ClassMember = typeof classMembers.$inferSelect;
export type ClassCode = typeof classCodes.$inferSelect;

/**
 * Every engine a learner used for a lesson, so an instructor can find the
 * terminal recordings behind an assignment (a reset starts a new engine).
 */
export const lessonEngines = pgTable(
	'lesson_engines',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		engineSession: text('engine_session').notNull(),
		firstUsedAt: timestamp('first_used_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.lesson, t.engineSession] })]
);

export const latePolicies = ['accept', 'penalty', 'refuse'] as const;
export type LatePolicy = (typeof latePolicies)[number];

/**
 * A lesson or lab assigned to a class. `lesson` is a curriculum slug or an
 * instructor-written lab's slug (`lab-<id>`, see custom_labs). Work after
 * `dueAt` is late: `accept` counts it in full (marked late), `penalty` takes
 * `latePenaltyPercent` off per started day late, `refuse` does not count it.
 * `attemptLimit` bounds a lab's submissions (null: no limit).
 */
export const assignments = pgTable(
	'assignments',
	{
		id: text('id').primaryKey(),
		classId: text('class_id')
			.notNull()
			.references(() => classes.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		attemptLimit: integer('attempt_limit'),
		latePolicy: text('late_policy', { enum: latePolicies }).notNull().default('accept'),
		latePenaltyPercent: integer('late_penalty_percent').notNull().default(0),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('assignments_class_lesson_idx').on(t.classId, t.lesson),
		check('assignments_late_policy_known', sql`${t.latePolicy} in ('accept', 'penalty', 'refuse')`),
		check('assignments_due_after_open', sql`${t.dueAt} > ${t.opensAt}`),
		check('assignments_attempts_positive', sql`${t.attemptLimit} is null or ${t.attemptLimit} > 0`),
		check('assignments_penalty_percent', sql`${t.latePenaltyPercent} between 0 and 100`)
	]
);

/** One check's verdict as graded: what it looked for, whether it passed, and what it said. */
export interface GradedCheck {
	/** The check's kind and what it names, e.g. "container web". */
	label: string;
	pass: boolean;
	message: string;
}

/** What a lab submission was graded on, kept so it can be re-judged when the checks change. */
export interface SubmissionEvidence {
	checks: GradedCheck[];
	/** When the engine was observed. */
	observedAt: string;
	/** The observation itself: the engine's state, each probe's command and output, the registry. */
	observation: unknown;
	/** Earlier gradings of the same observation, newest last (after a regrade). */
	earlier?: { score: number; checks: GradedCheck[]; gradedAt: string }[];
}

/**
 * A learner's submission of a lab assignment, graded on their engine's state
 * at that moment. `score` (0–100) is after any late penalty; `rawScore`
 * before it.
 */
export const submissions = pgTable(
	'submissions',
	{
		id: text('id').primaryKey(),
		assignmentId: text('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		attempt: integer('attempt').notNull(),
		submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
		engineSession: text('engine_session').notNull(),
		rawScore: integer('raw_score').notNull(),
		score: integer('score').notNull(),
		late: boolean('late').notNull(),
		evidence: jsonb('evidence').$type<SubmissionEvidence>().notNull(),
		gradedAt: timestamp('graded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('submissions_attempt_idx').on(t.assignmentId, t.userId, t.attempt),
		index('submissions_user_id_idx').on(t.userId)
	]
);

/**
 * A lab an instructor wrote in the browser for a class: its source files
 * (index.md, steps/01-*.md, files/...) as the content/ folder of a lesson
 * would hold them. `published` is the source learners get; `draft` is being
 * edited. `provenHash` is the hash of the draft that last passed the
 * solvability run (its report in `proof`); only a proven draft can be
 * published.
 */
export const customLabs = pgTable('custom_labs', {
	id: text('id').primaryKey(),
	classId: text('class_id')
		.notNull()
		.references(() => classes.id, { onDelete: 'cascade' }),
	authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
	draft: jsonb('draft').$type<Record<string, string>>().notNull(),
	published: jsonb('published').$type<Record<string, string>>(),
	publishedAt: timestamp('published_at', { withTimezone: true }),
	provenHash: text('proven_hash'),
	proof: jsonb('proof').$type<unknown>(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export type Assignment = typeof assignments.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type CustomLab = typeof customLabs.$inferSelect;
