import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
