import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, sessions } from '../../web/src/lib/server/db/schema';
import type { DatabaseHandle } from '../../web/src/lib/server/db';
import {
	createSession,
	invalidateSession,
	SESSION_LIFETIME_MS,
	SESSION_RENEW_WITHIN_MS,
	validateSessionToken
} from '../../web/src/lib/server/auth/sessions';
import { sessionIdFromToken } from '../../web/src/lib/server/auth/tokens';
import {
	authenticate,
	createGuest,
	EmailTakenError,
	register,
	setDisplayName,
	setRole
} from '../../web/src/lib/server/auth/users';
import { sweepExpired } from '../../web/src/lib/server/auth/sweep';
import { backends } from '../helpers/databases';

const DAY = 24 * 60 * 60 * 1000;

describe.each(backends)('accounts and sessions on $name', (backend) => {
	let handle: DatabaseHandle;
	beforeAll(async () => {
		handle = await backend.open();
	});
	afterAll(async () => {
		await handle?.close();
	});

	it('registers an account with an argon2id hash, never the password', async () => {
		const user = await register(handle.db, {
			email: 'ada@example.com',
			password: 'correct horse',
			displayName: 'Ada'
		});
		expect(user).toMatchObject({ email: 'ada@example.com', role: 'learner', isGuest: false });
		expect(user.passwordHash).toMatch(/^\$argon2id\$/);
		expect(user.passwordHash).not.toContain('correct horse');
	});

	it('refuses a second account with the same email and creates nothing', async () => {
		const before = await handle.db.select().from(users);
		await expect(
			register(handle.db, { email: 'ada@example.com', password: 'another one', displayName: null })
		).rejects.toBeInstanceOf(EmailTakenError);
		expect(await handle.db.select().from(users)).toHaveLength(before.length);
	});

	it('authenticates the right password only, and unknown emails give the same null', async () => {
		expect((await authenticate(handle.db, 'ada@example.com', 'correct horse'))?.email).toBe(
			'ada@example.com'
		);
		expect(await authenticate(handle.db, 'ada@example.com', 'wrong horse')).toBeNull();
		expect(await authenticate(handle.db, 'nobody@example.com', 'correct horse')).toBeNull();
	});

	it('stores only the SHA-256 of a session token and finds the session by the token', async () => {
		const user = await register(handle.db, {
			email: 'grace@example.com',
			password: 'hopper1906',
			displayName: null
		});
		const { token, session } = await createSession(handle.db, user.id);
		const [stored] = await handle.db.select().from(sessions).where(eq(sessions.id, session.id));
		expect(stored!.id).toBe(sessionIdFromToken(token));
		expect(stored!.id).not.toContain(token);

		const found = await validateSessionToken(handle.db, token);
		expect(found?.user).toMatchObject({ id: user.id, email: 'grace@example.com', isGuest: false });
		expect(found?.renewed).toBe(false);
		expect(await validateSessionToken(handle.db, token + 'x')).toBeNull();
	});

	it('slides a session forward once it is in the second half of its life', async () => {
		const user = await createGuest(handle.db);
		const start = new Date('2026-01-01T00:00:00Z');
		const { token, session } = await createSession(handle.db, user.id, start);
		expect(session.expiresAt.getTime()).toBe(start.getTime() + SESSION_LIFETIME_MS);

		// Early in its life: untouched.
		const early = await validateSessionToken(handle.db, token, new Date(start.getTime() + DAY));
		expect(early?.renewed).toBe(false);
		expect(early?.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());

		// Late in its life: pushed a full lifetime past now, in the database too.
		const later = new Date(session.expiresAt.getTime() - SESSION_RENEW_WITHIN_MS + 1000);
		const renewed = await validateSessionToken(handle.db, token, later);
		expect(renewed?.renewed).toBe(true);
		expect(renewed?.session.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
		const [stored] = await handle.db.select().from(sessions).where(eq(sessions.id, session.id));
		expect(stored!.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
	});

	it('rejects and deletes an expired session', async () => {
		const user = await createGuest(handle.db);
		const start = new Date('2026-01-01T00:00:00Z');
		const { token, session } = await createSession(handle.db, user.id, start);
		const after = new Date(session.expiresAt.getTime() + 1);
		expect(await validateSessionToken(handle.db, token, after)).toBeNull();
		expect(await handle.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([]);
	});

	it('ends a session on sign-out', async () => {
		const user = await createGuest(handle.db);
		const { token, session } = await createSession(handle.db, user.id);
		await invalidateSession(handle.db, session.id);
		expect(await validateSessionToken(handle.db, token)).toBeNull();
	});

	it('turns a guest into an account in place, keeping the id and what the guest saved', async () => {
		const guest = await createGuest(handle.db);
		expect(guest).toMatchObject({ isGuest: true, email: null, passwordHash: null });
		await setDisplayName(handle.db, guest.id, 'Linus the guest');

		const account = await register(handle.db, {
			email: 'linus@example.com',
			password: 'penguins!',
			displayName: null,
			guestId: guest.id
		});
		expect(account).toMatchObject({
			id: guest.id,
			isGuest: false,
			email: 'linus@example.com',
			displayName: 'Linus the guest',
			createdAt: guest.createdAt
		});
		expect(await handle.db.select().from(users).where(eq(users.id, guest.id))).toHaveLength(1);
	});

	it('leaves a guest a guest when their sign-up fails on a taken email', async () => {
		const guest = await createGuest(handle.db);
		await expect(
			register(handle.db, {
				email: 'ada@example.com',
				password: 'whatever1',
				displayName: null,
				guestId: guest.id
			})
		).rejects.toBeInstanceOf(EmailTakenError);
		const [row] = await handle.db.select().from(users).where(eq(users.id, guest.id));
		expect(row).toMatchObject({ isGuest: true, email: null });
	});

	it('refuses a half-registered row: the database itself enforces guest xor credentials', async () => {
		await expect(
			handle.db.insert(users).values({ id: 'half', isGuest: false, email: 'half@example.com' })
		).rejects.toThrow();
		await expect(
			handle.db
				.insert(users)
				.values({ id: 'odd', isGuest: true, email: 'odd@example.com', passwordHash: 'x' })
		).rejects.toThrow();
	});

	it('sets roles by email for operators, and reports unknown emails', async () => {
		expect(await setRole(handle.db, 'ada@example.com', 'instructor')).toBe(true);
		const [ada] = await handle.db.select().from(users).where(eq(users.email, 'ada@example.com'));
		expect(ada!.role).toBe('instructor');
		expect(await setRole(handle.db, 'nobody@example.com', 'admin')).toBe(false);
	});

	it('sweeps expired sessions and the guests nobody can reach any more, and nothing else', async () => {
		const now = new Date();
		const old = new Date(now.getTime() - 40 * DAY);
		const [lostGuest, keptGuest, freshGuest] = await Promise.all([
			createGuest(handle.db),
			createGuest(handle.db),
			createGuest(handle.db)
		]);
		await handle.db
			.update(users)
			.set({ createdAt: old })
			.where(inArray(users.id, [lostGuest.id, keptGuest.id]));
		await createSession(handle.db, lostGuest.id, old); // expired 10 days ago
		const live = await createSession(handle.db, keptGuest.id, now);
		const account = await register(handle.db, {
			email: 'sweep@example.com',
			password: 'long-enough',
			displayName: null
		});
		await handle.db.update(users).set({ createdAt: old }).where(eq(users.id, account.id));

		const swept = await sweepExpired(handle.db, now);
		expect(swept.sessions).toBeGreaterThanOrEqual(1);
		const ids = (await handle.db.select({ id: users.id }).from(users)).map((u) => u.id);
		expect(ids).not.toContain(lostGuest.id);
		expect(ids).toEqual(expect.arrayContaining([keptGuest.id, freshGuest.id, account.id]));
		expect((await validateSessionToken(handle.db, live.token, now))?.user.id).toBe(keptGuest.id);
	});
});
