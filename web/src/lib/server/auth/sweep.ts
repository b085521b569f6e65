import { and, eq, lt, notExists, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { sessions, users } from '../db/schema';

/**
 * Deletes expired sessions, then guests that no session can reach any more.
 * A guest has no email or password, so once their last session is gone their
 * account can never be opened again. A guest is kept for a grace day after
 * creation so a sweep never races a guest being created.
 */
export async function sweepExpired(
	db: Database,
	now = new Date()
): Promise<{ sessions: number; guests: number }> {
	const expired = await db
		.delete(sessions)
		.where(lt(sessions.expiresAt, now))
		.returning({ id: sessions.id });
	const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
	const orphans = await db
		.delete(users)
		.where(
			and(
				eq(users.isGuest, true),
				lt(users.createdAt, dayAgo),
				notExists(
					db
						.select({ one: sql`1` })
						.from(sessions)
						.where(eq(sessions.userId, users.id))
				)
			)
		)
		.returning({ id: users.id });
	return { sessions: expired.length, guests: orphans.length };
}
