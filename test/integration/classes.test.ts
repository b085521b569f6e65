import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../web/src/lib/server/db';
import { classCodes } from '../../web/src/lib/server/db/schema';
import { createGuest, register, setRole } from '../../web/src/lib/server/auth/users';
import {
	activeCode,
	addCoInstructor,
	CODE_ALPHABET,
	classesOf,
	classForInstructor,
	createClass,
	generateJoinCode,
	joinWithCode,
	lookupCode,
	mergeMemberships,
	newJoinCode,
	removeMember,
	revokeCode,
	roster
} from '../../web/src/lib/server/classes';
import { backends } from '../helpers/databases';

const DAY = 24 * 60 * 60 * 1000;
let counter = 0;

async function account(db: Database, role: 'learner' | 'instructor' | 'admin', name?: string) {
	const email = `${role}-${counter++}@example.com`;
	const user = await register(db, { email, password: 'long-enough', displayName: name ?? null });
	if (role !== 'learner') await setRole(db, email, role);
	return { id: user.id, email, role };
}

describe('join codes', () => {
	it('use 8 characters from an alphabet with no 0, O, 1 or I, and rarely repeat', () => {
		expect(CODE_ALPHABET).toHaveLength(32);
		expect(CODE_ALPHABET).not.toMatch(/[0O1I]/);
		const codes = Array.from({ length: 5000 }, generateJoinCode);
		for (const code of codes) expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
		expect(new Set(codes).size).toBe(codes.length);
		// Every character turns up: nothing in the alphabet is skipped by the draw.
		expect(new Set(codes.join('')).size).toBe(32);
	});
});

describe.each(backends)('classes on $name', (backend) => {
	let handle: DatabaseHandle;
	let db: Database;
	beforeAll(async () => {
		handle = await backend.open();
		db = handle.db;
	});
	afterAll(async () => {
		await handle?.close();
	});

	it('lets instructors and admins create classes, and nobody else', async () => {
		const teacher = await account(db, 'instructor', 'Ms Hopper');
		const admin = await account(db, 'admin');
		const learner = await account(db, 'learner');
		const made = await createClass(db, { name: '  Docker 101  ', by: teacher });
		expect(made.name).toBe('Docker 101');
		expect(made.code.code).toMatch(/^[23456789A-HJ-NP-Z]{8}$/);
		await createClass(db, { name: 'Admin class', by: admin });
		await expect(createClass(db, { name: 'Mine', by: learner })).rejects.toThrow(/instructors/);
		await expect(createClass(db, { name: '   ', by: teacher })).rejects.toThrow(/name/);

		const { teaching, learning } = await classesOf(db, teacher.id);
		expect(teaching.map((c) => c.name)).toEqual(['Docker 101']);
		expect(learning).toEqual([]);
		expect((await classesOf(db, learner.id)).teaching).toEqual([]);
	});

	it('joins with a code in any case and spacing, once', async () => {
		const teacher = await account(db, 'instructor', 'Ms Hopper');
		const made = await createClass(db, { name: 'Compose club', by: teacher });
		const guest = await createGuest(db);

		const typed = ` ${made.code.code.slice(0, 4).toLowerCase()}-${made.code.code.slice(4)} `;
		expect(await joinWithCode(db, guest.id, typed)).toEqual({
			kind: 'joined',
			class: { id: made.id, name: 'Compose club' }
		});
		expect((await joinWithCode(db, guest.id, made.code.code)).kind).toBe('already');
		expect((await joinWithCode(db, teacher.id, made.code.code)).kind).toBe('instructor');

		const members = await roster(db, made.id, teacher);
		expect(members!.map((m) => [m.userId, m.role])).toEqual([
			[teacher.id, 'instructor'],
			[guest.id, 'learner']
		]);
		const mine = await classesOf(db, guest.id);
		expect(mine.learning).toMatchObject([{ id: made.id, instructors: ['Ms Hopper'] }]);
		expect((await classesOf(db, teacher.id)).teaching).toMatchObject([
			{ id: made.id, learners: 1 }
		]);
	});

	it('refuses unknown, malformed, expired and revoked codes, joining nothing', async () => {
		const teacher = await account(db, 'instructor');
		const made = await createClass(db, { name: 'Refusals', by: teacher });
		const learner = await account(db, 'learner');

		expect(await joinWithCode(db, learner.id, 'ZZZZZZZZ')).toEqual({ kind: 'unknown' });
		expect(await joinWithCode(db, learner.id, 'not a code at all')).toEqual({ kind: 'unknown' });
		// 0 and 1 are not in the alphabet: such a code cannot exist.
		expect(await joinWithCode(db, learner.id, '01010101')).toEqual({ kind: 'unknown' });

		const later = new Date(Date.now() + 31 * DAY);
		expect((await joinWithCode(db, learner.id, made.code.code, later)).kind).toBe('expired');
		expect((await lookupCode(db, made.code.code, later)).status).toBe('expired');

		const old = made.code.code;
		const fresh = await newJoinCode(db, made.id, teacher, { days: 7 });
		expect(fresh!.code).not.toBe(old);
		expect((await joinWithCode(db, learner.id, old)).kind).toBe('revoked');
		expect(
			(await joinWithCode(db, learner.id, fresh!.code, new Date(Date.now() + 8 * DAY))).kind
		).toBe('expired');

		expect(await revokeCode(db, made.id, teacher)).toBe(true);
		expect(await activeCode(db, made.id, teacher)).toBeNull();
		expect((await joinWithCode(db, learner.id, fresh!.code)).kind).toBe('revoked');

		expect((await roster(db, made.id, teacher))!.map((m) => m.userId)).toEqual([teacher.id]);
		expect((await classesOf(db, learner.id)).learning).toEqual([]);
	});

	it('keeps one active code per class, even against the database directly', async () => {
		const teacher = await account(db, 'instructor');
		const made = await createClass(db, { name: 'One code', by: teacher });
		const codes = [made.code.code];
		for (let i = 0; i < 3; i++) codes.push((await newJoinCode(db, made.id, teacher))!.code);
		expect(new Set(codes).size).toBe(4);

		const rows = await db.select().from(classCodes).where(eq(classCodes.classId, made.id));
		expect(rows.filter((r) => r.revokedAt === null).map((r) => r.code)).toEqual([codes[3]]);
		expect((await activeCode(db, made.id, teacher))!.code).toBe(codes[3]);

		// The partial unique index refuses a second unrevoked code.
		await expect(
			db.insert(classCodes).values({
				code: 'ABCDEFGH',
				classId: made.id,
				expiresAt: new Date(Date.now() + DAY)
			})
		).rejects.toThrow();
	});

	it('removes a learner, but never the last instructor', async () => {
		const teacher = await account(db, 'instructor');
		const made = await createClass(db, { name: 'Removals', by: teacher });
		const learner = await account(db, 'learner');
		await joinWithCode(db, learner.id, made.code.code);

		expect(await removeMember(db, made.id, learner.id, teacher)).toBe('removed');
		expect(await removeMember(db, made.id, learner.id, teacher)).toBe('not-member');
		expect((await classesOf(db, learner.id)).learning).toEqual([]);
		expect(await removeMember(db, made.id, teacher.id, teacher)).toBe('last-instructor');

		// Removed, they can join again with the code.
		expect((await joinWithCode(db, learner.id, made.code.code)).kind).toBe('joined');
	});

	it('adds co-instructors only by the email of an instructor or admin account', async () => {
		const teacher = await account(db, 'instructor');
		const colleague = await account(db, 'instructor', 'Mr Ritchie');
		const admin = await account(db, 'admin');
		const learner = await account(db, 'learner');
		const made = await createClass(db, { name: 'Shared', by: teacher });

		expect(await addCoInstructor(db, made.id, 'nobody@example.com', teacher)).toEqual({
			kind: 'no-account'
		});
		expect(await addCoInstructor(db, made.id, learner.email, teacher)).toEqual({
			kind: 'not-instructor'
		});
		expect(await addCoInstructor(db, made.id, colleague.email.toUpperCase(), teacher)).toEqual({
			kind: 'added',
			name: 'Mr Ritchie'
		});
		expect((await addCoInstructor(db, made.id, colleague.email, teacher)).kind).toBe('already');
		expect((await addCoInstructor(db, made.id, admin.email, colleague)).kind).toBe('added');

		// The co-instructor now sees and runs the class; the class shows up as theirs.
		expect(await classForInstructor(db, made.id, colleague)).toMatchObject({ name: 'Shared' });
		expect((await classesOf(db, colleague.id)).teaching.map((c) => c.id)).toEqual([made.id]);
		expect((await newJoinCode(db, made.id, colleague))!.code).toMatch(/^[A-Z2-9]{8}$/);

		// With two instructors, one may go.
		expect(await removeMember(db, made.id, teacher.id, colleague)).toBe('removed');
		expect(await classForInstructor(db, made.id, teacher)).toBeNull();

		// A learner in the class who is an instructor elsewhere becomes one here.
		const other = await account(db, 'instructor');
		await joinWithCode(db, other.id, (await activeCode(db, made.id, colleague))!.code);
		expect((await addCoInstructor(db, made.id, other.email, colleague)).kind).toBe('promoted');
	});

	it('shows a class only to the people who teach it (and admins)', async () => {
		const teacher = await account(db, 'instructor');
		const stranger = await account(db, 'instructor');
		const admin = await account(db, 'admin');
		const learner = await account(db, 'learner');
		const made = await createClass(db, { name: 'Private', by: teacher });
		await joinWithCode(db, learner.id, made.code.code);

		expect(await classForInstructor(db, made.id, teacher)).toMatchObject({ id: made.id });
		expect(await classForInstructor(db, made.id, admin)).toMatchObject({ id: made.id });
		expect(await roster(db, made.id, admin)).toHaveLength(2);

		// Another instructor: nothing, and nothing they do has any effect.
		expect(await classForInstructor(db, made.id, stranger)).toBeNull();
		expect(await roster(db, made.id, stranger)).toBeNull();
		expect(await activeCode(db, made.id, stranger)).toBeNull();
		expect(await newJoinCode(db, made.id, stranger)).toBeNull();
		expect(await revokeCode(db, made.id, stranger)).toBe(false);
		expect(await removeMember(db, made.id, learner.id, stranger)).toBe('forbidden');
		expect((await addCoInstructor(db, made.id, stranger.email, stranger)).kind).toBe('forbidden');

		// A learner in the class cannot read its roster either.
		expect(await classForInstructor(db, made.id, learner)).toBeNull();
		expect(await roster(db, made.id, learner)).toBeNull();
		expect(await removeMember(db, made.id, teacher.id, learner)).toBe('forbidden');

		// An instructor account that is only a learner in a class does not teach it.
		const instructorLearner = await account(db, 'instructor');
		await joinWithCode(db, instructorLearner.id, made.code.code);
		expect(await roster(db, made.id, instructorLearner)).toBeNull();

		// And an instructor demoted to learner loses the class.
		expect(await roster(db, made.id, { ...teacher, role: 'learner' })).toBeNull();

		// Everything stayed as it was.
		expect((await roster(db, made.id, teacher))!.map((m) => m.userId).sort()).toEqual(
			[teacher.id, learner.id, instructorLearner.id].sort()
		);
		expect((await activeCode(db, made.id, teacher))!.code).toBe(made.code.code);
		expect(await classesOf(db, stranger.id)).toEqual({ teaching: [], learning: [] });
	});

	it('keeps a guest in their classes when they sign up or sign in', async () => {
		const teacher = await account(db, 'instructor');
		const made = await createClass(db, { name: 'Guests welcome', by: teacher });
		const guest = await createGuest(db);
		await joinWithCode(db, guest.id, made.code.code);
		const signedUp = await register(db, {
			email: `former-guest-${counter++}@example.com`,
			password: 'long-enough',
			displayName: 'Linus',
			guestId: guest.id
		});
		expect(signedUp.id).toBe(guest.id);
		expect((await roster(db, made.id, teacher))!.find((m) => m.userId === guest.id)).toMatchObject({
			displayName: 'Linus',
			isGuest: false,
			role: 'learner'
		});

		const otherGuest = await createGuest(db);
		await joinWithCode(db, otherGuest.id, made.code.code);
		const existing = await account(db, 'learner');
		await mergeMemberships(db, otherGuest.id, existing.id);
		expect((await classesOf(db, existing.id)).learning.map((c) => c.id)).toEqual([made.id]);
	});
});
