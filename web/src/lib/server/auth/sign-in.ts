import type { RequestEvent } from '@sveltejs/kit';
import type { Database } from '../db';
import { isSecure } from '../request';
import { deleteSessionCookie, setSessionCookie } from './cookies';
import { createSession, invalidateSession } from './sessions';

/**
 * Signs the visitor in as `userId` with a fresh session. Any session they had
 * (a guest's, say) ends first, so a token from before never carries over to
 * the account (session fixation).
 */
export async function beginSession(event: RequestEvent, db: Database, userId: string) {
	if (event.locals.session) await invalidateSession(db, event.locals.session.id);
	const { token, session } = await createSession(db, userId);
	setSessionCookie(event.cookies, token, session.expiresAt, isSecure(event));
}

export async function endSession(event: RequestEvent, db: Database) {
	if (event.locals.session) await invalidateSession(db, event.locals.session.id);
	deleteSessionCookie(event.cookies, isSecure(event));
}

/** Where to go after signing in: a path on this site, never another site. */
export function safeNext(next: string | null, fallback = '/learn'): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
		return fallback;
	}
	return next;
}
