import { error, redirect } from '@sveltejs/kit';
import { canTeach, classForInstructor, type Viewer } from '$lib/server/classes';
import type { Database } from '$lib/server/db';

/**
 * The signed-in instructor (or admin), for every page and action under
 * /teach. Signed out: off to sign in and back. Anyone else: a 403 that says
 * why, so a learner who followed a link knows it is not for them.
 */
export function requireInstructor(locals: App.Locals, url: URL): Viewer {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	if (!canTeach(locals.user)) {
		error(
			403,
			'Teaching pages are for instructor accounts. If you teach, ask the administrator of this Berth to make your account an instructor.'
		);
	}
	return locals.user;
}

/** The class, if this instructor teaches it; otherwise 404, so ids of others' classes stay unknown. */
export async function requireClass(db: Database, classId: string, viewer: Viewer) {
	const found = await classForInstructor(db, classId, viewer);
	if (!found)
		error(
			404,
			'There is no class of yours here. It may have been removed, or be another instructor’s.'
		);
	return found;
}
