import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import type { SessionUser } from '../../user';
import { sessions, users, type Session } from '../db/schema';
import { generateSessionToken, sessionIdFromToken } from './tokens';

const DAY = 24 * 60 * 60 * 1000;
/** How long a session lives without use. */
export const SESSION_LIFETIME_MS = 30 * DAY;
/** A session used when it has less than this left is extended to the full lifetime. */
export const SESSION_RENEW_WITHIN_MS = 15 * DAY;

export type { SessionUser };
export interface ValidatedSession {
	session: Session;
	user: SessionUser;
	/** True when the expiry moved: the cookie must be sent again with the new date. */
	renewed: boolean;
}

export async function createSession(
	db: Database,
	userId: string,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const token = generateSessionToken();
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
		createdAt: now
	};
	await db.insert(sessions).values(session);
	return { token, session };
}

/**
 * Looks a cookie's token up. Expired sessions are deleted and give null;
 * sessions in the second half of their life slide forward (sliding expiry).
 */
export async function validateSessionToken(
	db: Database,
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	const id = sessionIdFromToken(token);
	const [row] = await db
		.select({
			session: sessions,
			user: {
				id: users.id,
				email: users.email,
				displayName: users.displayName,
				role: users.role,
				isGuest: users.isGuest
			}
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	if (!row) return null;

	const { session, user } = row;
	if (now.getTime() >= session.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}

	let renewed = false;
	if (now.getTime() >= session.expiresAt.getTime() - SESSION_RENEW_WITHIN_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
		await db.update(users).set({ lastSeenAt: now }).where(eq(users.id, user.id));
		renewed = true;
	}
	return { session, user, renewed };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Database, userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}
