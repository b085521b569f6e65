import { and, asc, count, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Role } from '../user';
import { generateId } from './auth/tokens';
import type { Database } from './db';
import { classCodes, classMembers, classes, users, type ClassRole } from './db/schema';

/** Who is asking: every instructor operation checks it here, not only in the route. */
export interface Viewer {
	id: string;
	role: Role;
}

export const CLASS_NAME_MAX = 80;
const DAY = 24 * 60 * 60 * 1000;
/** How long a new join code works unless the instructor says otherwise. */
export const CODE_LIFETIME_DAYS = 30;

/**
 * Join codes: 8 characters from 32 that cannot be misread for one another
 * (no 0/O, no 1/I). 32 divides 256, so a random byte masked to 5 bits picks
 * each one with equal odds: 40 bits per code.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export function generateJoinCode(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
	return Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join('');
}

/** What someone typed, as a code: any case, spaces and dashes ignored. */
export function normaliseCode(raw: string): string {
	return raw.replace(/[\s-]+/g, '').toUpperCase();
}

export function isWellFormedCode(code: string): boolean {
	return CODE_PATTERN.test(code);
}

/** A message for a bad class name, or undefined when it is fine. */
export function checkClassName(raw: string): string | undefined {
	const name = raw.trim();
	if (name === '') return 'Give the class a name.';
	if (name.length > CLASS_NAME_MAX) return `A class name has at most ${CLASS_NAME_MAX} characters.`;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(name)) return 'A class name cannot contain control characters.';
	return undefined;
}

export const canTeach = (viewer: Viewer) => viewer.role === 'instructor' || viewer.role === 'admin';

/** Creates a class taught by `by` (an instructor or admin), with a first join code. */
export async function createClass(db: Database, options: { name: string; by: Viewer }) {
	if (!canTeach(options.by)) throw new Error('Only instructors and admins can create classes');
	const error = checkClassName(options.name);
	if (error) throw new Error(error);
	const id = generateId();
	await db.transaction(async (tx) => {
		await tx.insert(classes).values({ id, name: options.name.trim(), createdBy: options.by.id });
		await tx
			.insert(classMembers)
			.values({ classId: id, userId: options.by.id, role: 'instructor' });
	});
	const code = await insertCode(db, id, new Date(), CODE_LIFETIME_DAYS * DAY);
	return { id, name: options.name.trim(), code };
}

/** The classes a person is in: those they teach (with learner counts) and those they learn in. */
export async function classesOf(db: Database, userId: string) {
	const mine = await db
		.select({
			id: classes.id,
			name: classes.name,
			createdAt: classes.createdAt,
			archivedAt: classes.archivedAt,
			role: classMembers.role,
			joinedAt: classMembers.joinedAt
		})
		.from(classMembers)
		.innerJoin(classes, eq(classes.id, classMembers.classId))
		.where(eq(classMembers.userId, userId))
		.orderBy(asc(classes.name), asc(classes.id));
	const taught = mine.filter((c) => c.role === 'instructor');
	const learnt = mine.filter((c) => c.role === 'learner');

	const learners = new Map<string, number>();
	if (taught.length) {
		const counts = await db
			.select({ classId: classMembers.classId, n: count() })
			.from(classMembers)
			.where(
				and(
					inArray(
						classMembers.classId,
						taught.map((c) => c.id)
					),
					eq(classMembers.role, 'learner')
				)
			)
			.groupBy(classMembers.classId);
		for (const c of counts) learners.set(c.classId, c.n);
	}

	const teachers = new Map<string, string[]>();
	if (learnt.length) {
		const rows = await db
			.select({
				classId: classMembers.classId,
				displayName: users.displayName,
				email: users.email
			})
			.from(classMembers)
			.innerJoin(users, eq(users.id, classMembers.userId))
			.where(
				and(
					inArray(
						classMembers.classId,
						learnt.map((c) => c.id)
					),
					eq(classMembers.role, 'instructor')
				)
			)
			.orderBy(asc(classMembers.joinedAt));
		for (const r of rows) {
			const list = teachers.get(r.classId) ?? [];
			list.push(r.displayName || r.email || 'An instructor');
			teachers.set(r.classId, list);
		}
	}

	return {
		teaching: taught.map((c) => ({
			id: c.id,
			name: c.name,
			createdAt: c.createdAt,
			archivedAt: c.archivedAt,
			learners: learners.get(c.id) ?? 0
		})),
		learning: learnt.map((c) => ({
			id: c.id,
			name: c.name,
			joinedAt: c.joinedAt,
			archivedAt: c.archivedAt,
			instructors: teachers.get(c.id) ?? []
		}))
	};
}

/**
 * A class as its instructor sees it, or null unless `viewer` teaches it (or
 * is an admin). A learner in the class gets null too: routes answer 404, so
 * nobody learns which class ids exist.
 */
export async function classForInstructor(db: Database, classId: string, viewer: Viewer) {
	if (!canTeach(viewer)) return null;
	const [row] = await db
		.select({
			id: classes.id,
			name: classes.name,
			createdAt: classes.createdAt,
			archivedAt: classes.archivedAt,
			role: classMembers.role
		})
		.from(classes)
		.leftJoin(
			classMembers,
			and(eq(classMembers.classId, classes.id), eq(classMembers.userId, viewer.id))
		)
		.where(eq(classes.id, classId));
	if (!row) return null;
	if (row.role !== 'instructor' && viewer.role !== 'admin') return null;
	return { id: row.id, name: row.name, createdAt: row.createdAt, archivedAt: row.archivedAt };
}

export interface RosterEntry {
	userId: string;
	displayName: string | null;
	email: string | null;
	isGuest: boolean;
	role: ClassRole;
	joinedAt: Date;
}

/** Everyone in a class, instructors first, or null unless `viewer` may see it. */
export async function roster(
	db: Database,
	classId: string,
	viewer: Viewer
): Promise<RosterEntry[] | null> {
	if (!(await classForInstructor(db, classId, viewer))) return null;
	return db
		.select({
			userId: users.id,
			displayName: users.displayName,
			email: users.email,
			isGuest: users.isGuest,
			role: classMembers.role,
			joinedAt: classMembers.joinedAt
		})
		.from(classMembers)
		.innerJoin(users, eq(users.id, classMembers.userId))
		.where(eq(classMembers.classId, classId))
		.orderBy(
			sql`case ${classMembers.role} when 'instructor' then 0 else 1 end`,
			asc(classMembers.joinedAt),
			asc(users.id)
		);
}

/** The class's working code (not revoked, not expired), or null. For its instructors only. */
export async function activeCode(db: Database, classId: string, viewer: Viewer, now = new Date()) {
	if (!(await classForInstructor(db, classId, viewer))) return null;
	const [row] = await db
		.select({ code: classCodes.code, expiresAt: classCodes.expiresAt })
		.from(classCodes)
		.where(
			and(
				eq(classCodes.classId, classId),
				isNull(classCodes.revokedAt),
				gt(classCodes.expiresAt, now)
			)
		);
	return row ?? null;
}

/**
 * A new join code for the class, revoking the one before. Null unless
 * `viewer` teaches the class.
 */
export async function newJoinCode(
	db: Database,
	classId: string,
	viewer: Viewer,
	options: { days?: number; now?: Date } = {}
) {
	if (!(await classForInstructor(db, classId, viewer))) return null;
	const now = options.now ?? new Date();
	return insertCode(db, classId, now, (options.days ?? CODE_LIFETIME_DAYS) * DAY);
}

async function insertCode(db: Database, classId: string, now: Date, lifetimeMs: number) {
	return db.transaction(async (tx) => {
		// One instructor at a time per class, so the revoke and insert never interleave.
		await tx.select({ id: classes.id }).from(classes).where(eq(classes.id, classId)).for('update');
		await tx
			.update(classCodes)
			.set({ revokedAt: now })
			.where(and(eq(classCodes.classId, classId), isNull(classCodes.revokedAt)));
		const expiresAt = new Date(now.getTime() + lifetimeMs);
		// 2^40 codes make a collision rare; when one happens, draw again.
		for (let attempt = 0; attempt < 5; attempt++) {
			const code = generateJoinCode();
			const inserted = await tx
				.insert(classCodes)
				.values({ code, classId, createdAt: now, expiresAt })
				.onConflictDoNothing({ target: classCodes.code })
				.returning({ code: classCodes.code });
			if (inserted.length) return { code, expiresAt };
		}
		throw new Error('Could not draw an unused join code in 5 attempts');
	});
}

/** Revokes the class's code, so nobody else can join until a new one is made. */
export async function revokeCode(
	db: Database,
	classId: string,
	viewer: Viewer,
	now = new Date()
): Promise<boolean> {
	if (!(await classForInstructor(db, classId, viewer))) return false;
	await db
		.update(classCodes)
		.set({ revokedAt: now })
		.where(and(eq(classCodes.classId, classId), isNull(classCodes.revokedAt)));
	return true;
}

export type CodeStatus = 'valid' | 'unknown' | 'expired' | 'revoked' | 'archived';

/** What a code leads to, without joining anything (the join-by-link page shows it first). */
export async function lookupCode(
	db: Database,
	raw: string,
	now = new Date()
): Promise<{ status: 'unknown' } | { status: CodeStatus; class: { id: string; name: string } }> {
	const code = normaliseCode(raw);
	if (!isWellFormedCode(code)) return { status: 'unknown' };
	const [row] = await db
		.select({
			id: classes.id,
			name: classes.name,
			archivedAt: classes.archivedAt,
			expiresAt: classCodes.expiresAt,
			revokedAt: classCodes.revokedAt
		})
		.from(classCodes)
		.innerJoin(classes, eq(classes.id, classCodes.classId))
		.where(eq(classCodes.code, code));
	if (!row) return { status: 'unknown' };
	const found = { id: row.id, name: row.name };
	if (row.revokedAt) return { status: 'revoked', class: found };
	if (row.expiresAt.getTime() <= now.getTime()) return { status: 'expired', class: found };
	if (row.archivedAt) return { status: 'archived', class: found };
	return { status: 'valid', class: found };
}

/** The viewer's own role in a class, or null when they are not in it. */
export async function membershipOf(
	db: Database,
	classId: string,
	userId: string
): Promise<ClassRole | null> {
	const [member] = await db
		.select({ role: classMembers.role })
		.from(classMembers)
		.where(and(eq(classMembers.classId, classId), eq(classMembers.userId, userId)));
	return member?.role ?? null;
}

export type JoinResult =
	| { kind: 'unknown' }
	| {
			kind: 'joined' | 'already' | 'instructor' | 'expired' | 'revoked' | 'archived';
			class: { id: string; name: string };
	  };

/**
 * Joins a class as a learner with a code. Someone already in the class
 * hears so (whatever state their old code is in); otherwise a revoked,
 * expired or archived class's code joins nothing.
 */
export async function joinWithCode(
	db: Database,
	userId: string,
	raw: string,
	now = new Date()
): Promise<JoinResult> {
	const found = await lookupCode(db, raw, now);
	if (found.status === 'unknown') return { kind: 'unknown' };
	const member = await membershipOf(db, found.class.id, userId);
	if (member)
		return { kind: member === 'instructor' ? 'instructor' : 'already', class: found.class };
	if (found.status !== 'valid') return { kind: found.status, class: found.class };
	const inserted = await db
		.insert(classMembers)
		.values({ classId: found.class.id, userId, role: 'learner', joinedAt: now })
		.onConflictDoNothing()
		.returning({ userId: classMembers.userId });
	return { kind: inserted.length ? 'joined' : 'already', class: found.class };
}

export type RemoveResult = 'removed' | 'not-member' | 'last-instructor' | 'forbidden';

/**
 * Takes someone out of a class. Their progress stays theirs; they only leave
 * the roster. A class always keeps at least one instructor.
 */
export async function removeMember(
	db: Database,
	classId: string,
	memberId: string,
	viewer: Viewer
): Promise<RemoveResult> {
	if (!(await classForInstructor(db, classId, viewer))) return 'forbidden';
	return db.transaction(async (tx) => {
		await tx.select({ id: classes.id }).from(classes).where(eq(classes.id, classId)).for('update');
		const [member] = await tx
			.select({ role: classMembers.role })
			.from(classMembers)
			.where(and(eq(classMembers.classId, classId), eq(classMembers.userId, memberId)));
		if (!member) return 'not-member';
		if (member.role === 'instructor') {
			const [{ n }] = (await tx
				.select({ n: count() })
				.from(classMembers)
				.where(and(eq(classMembers.classId, classId), eq(classMembers.role, 'instructor')))) as [
				{ n: number }
			];
			if (n <= 1) return 'last-instructor';
		}
		await tx
			.delete(classMembers)
			.where(and(eq(classMembers.classId, classId), eq(classMembers.userId, memberId)));
		return 'removed';
	});
}

export type AddInstructorResult =
	| { kind: 'added' | 'promoted' | 'already'; name: string }
	| { kind: 'no-account' | 'not-instructor' | 'forbidden' };

/**
 * Adds a co-instructor by the email of an existing instructor (or admin)
 * account. A learner already in the class becomes an instructor of it.
 */
export async function addCoInstructor(
	db: Database,
	classId: string,
	email: string,
	viewer: Viewer
): Promise<AddInstructorResult> {
	if (!(await classForInstructor(db, classId, viewer))) return { kind: 'forbidden' };
	const [account] = await db
		.select({ id: users.id, role: users.role, displayName: users.displayName, email: users.email })
		.from(users)
		.where(eq(users.email, email.trim().toLowerCase()));
	if (!account) return { kind: 'no-account' };
	if (!canTeach(account)) return { kind: 'not-instructor' };
	const name = account.displayName || account.email || email;
	const [member] = await db
		.select({ role: classMembers.role })
		.from(classMembers)
		.where(and(eq(classMembers.classId, classId), eq(classMembers.userId, account.id)));
	if (member?.role === 'instructor') return { kind: 'already', name };
	if (member) {
		await db
			.update(classMembers)
			.set({ role: 'instructor' })
			.where(and(eq(classMembers.classId, classId), eq(classMembers.userId, account.id)));
		return { kind: 'promoted', name };
	}
	await db
		.insert(classMembers)
		.values({ classId, userId: account.id, role: 'instructor' })
		.onConflictDoNothing();
	return { kind: 'added', name };
}

/**
 * A guest who signs in to an existing account (rather than signing up, which
 * keeps the guest's id) brings their classes along, as the sign-in action
 * does with progress. Where they were already in a class, the account's
 * membership wins.
 */
export async function mergeMemberships(db: Database, fromUser: string, toUser: string) {
	if (fromUser === toUser) return;
	await db.execute(sql`
		insert into class_members (class_id, user_id, role, joined_at)
		select class_id, ${toUser}, role, joined_at from class_members where user_id = ${fromUser}
		on conflict (class_id, user_id) do nothing`);
}
