import { and, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { users, type Role, type User } from '../db/schema';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import { generateId } from './tokens';

/** Thrown when an email is already taken; the caller turns it into a form message. */
export class EmailTakenError extends Error {
	constructor() {
		super('An account with this email already exists');
		this.name = 'EmailTakenError';
	}
}

export async function createGuest(db: Database): Promise<User> {
	const [user] = await db.insert(users).values({ id: generateId(), isGuest: true }).returning();
	return user!;
}

export interface RegisterOptions {
	email: string;
	password: string;
	displayName: string | null;
	/**
	 * The guest signing up, if any: their row becomes the account, so every
	 * row that points at it (progress, sandboxes, classes) stays theirs.
	 */
	guestId?: string;
}

/** Creates an account, or turns a guest into one. Emails must be normalised. */
export async function register(db: Database, options: RegisterOptions): Promise<User> {
	const passwordHash = await hashPassword(options.password);
	try {
		if (options.guestId) {
			const [user] = await db
				.update(users)
				.set({
					email: options.email,
					passwordHash,
					isGuest: false,
					// Keep the name the guest chose unless they typed a new one.
					...(options.displayName ? { displayName: options.displayName } : {})
				})
				.where(and(eq(users.id, options.guestId), eq(users.isGuest, true)))
				.returning();
			if (user) return user;
			// The guest row is gone (or already registered): fall through to a fresh account.
		}
		const [user] = await db
			.insert(users)
			.values({
				id: generateId(),
				email: options.email,
				passwordHash,
				displayName: options.displayName
			})
			.returning();
		return user!;
	} catch (error) {
		if (isUniqueViolation(error)) throw new EmailTakenError();
		throw error;
	}
}

/**
 * The account for an email and password, or null. Takes as long for an
 * unknown email as for a wrong password.
 */
export async function authenticate(
	db: Database,
	email: string,
	password: string
): Promise<User | null> {
	const [user] = await db.select().from(users).where(eq(users.email, email));
	if (!user?.passwordHash) return verifyAgainstDummy(password).then(() => null);
	return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

export async function setDisplayName(
	db: Database,
	userId: string,
	displayName: string | null
): Promise<void> {
	await db.update(users).set({ displayName }).where(eq(users.id, userId));
}

/** Used by the operator's `npm run user:role`. Returns false for an unknown email. */
export async function setRole(db: Database, email: string, role: Role): Promise<boolean> {
	const updated = await db
		.update(users)
		.set({ role })
		.where(eq(users.email, email))
		.returning({ id: users.id });
	return updated.length > 0;
}

/**
 * Postgres unique_violation (23505). Drizzle wraps driver errors, so look
 * through the chain of causes.
 */
function isUniqueViolation(error: unknown): boolean {
	let e = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; e && depth < 5; depth++) {
		if (e.code === '23505') return true;
		e = e.cause as typeof e;
	}
	return false;
}
