import { error } from '@sveltejs/kit';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '$lib/server/app';
import { mayReplay } from '$lib/server/assignments';
import { roster, type Viewer } from '$lib/server/classes';
import { lessonBySlug } from '$lib/server/curriculum';
import type { Database } from '$lib/server/db';
import { lessonEngines } from '$lib/server/db/schema';
import { SandboxError } from '$lib/server/sandbox';
import { requireClass, requireInstructor } from '../../../../../access.server';

/**
 * The checks the replay page and its .cast files share: an instructor of the
 * class, a learner of it, and an engine that learner used for one of the
 * class's assignments. Anything else is the same 404, so neither the
 * learners of other classes nor their engines' ids can be probed.
 */
export async function requireReplay(
	locals: App.Locals,
	url: URL,
	params: { class: string; learner: string; engine: string }
) {
	const viewer = requireInstructor(locals, url);
	const db = await getDb();
	const found = await requireClass(db, params.class, viewer);
	if (!(await mayReplay(db, found.id, params.learner, params.engine, viewer)))
		error(404, 'There is no such recording of a learner in this class.');
	return { viewer, db, class: found };
}

/** The learner's name as the roster shows it, and the lessons the engine was used for. */
export async function replaySubject(
	db: Database,
	classId: string,
	learnerId: string,
	engine: string,
	viewer: Viewer
) {
	const [members, used] = await Promise.all([
		roster(db, classId, viewer),
		db
			.select({ lesson: lessonEngines.lesson })
			.from(lessonEngines)
			.where(and(eq(lessonEngines.userId, learnerId), eq(lessonEngines.engineSession, engine)))
			.orderBy(asc(lessonEngines.firstUsedAt))
	]);
	const learner = members?.find((m) => m.userId === learnerId);
	return {
		name: learner?.displayName || learner?.email || 'A guest',
		lessons: used.map(({ lesson }) => lessonBySlug(lesson)?.title ?? lesson)
	};
}

/** A sandbox that is down or broken, said to the instructor without its internals (which are logged). */
export function sandboxUnavailable(cause: unknown): never {
	if (!(cause instanceof SandboxError)) throw cause;
	console.error('replay: the sandbox service failed', cause);
	error(503, 'Recordings cannot be read just now: the sandbox service did not answer. Try again.');
}
