import { error, type RequestEvent } from '@sveltejs/kit';
import { applySolution, prepareLesson } from '../../../../lessons/runner';
import { getDb } from './app';
import type { SessionUser } from './auth/sessions';
import type { Lesson, Step } from './curriculum';
import { lessonFor } from './custom-labs';
import { varsOf } from './live-checks';
import { progressOf, setEngineSession, startStep } from './progress';
import { sandbox, sessionFor, type SandboxSession } from './sandbox';

/**
 * The checks every lesson API route makes: a signed-in visitor (guests
 * count), a request from our own pages, and a lesson (and step) that exist
 * and are theirs to open.
 */
export async function lessonRequest(event: RequestEvent): Promise<{
	user: SessionUser;
	lesson: Lesson;
	step?: Step;
}> {
	const user = event.locals.user;
	if (!user) error(401, 'Sign in or start as a guest first.');
	// JSON APIs get no help from SvelteKit's form CSRF check: only our own pages may call.
	if (event.request.headers.get('origin') !== event.url.origin)
		error(403, 'Cross-site request refused.');
	// An instructor-written lab is for its class only (custom-labs.ts).
	const lesson = await lessonFor(await getDb(), event.params.lesson ?? '', user);
	if (!lesson) error(404, `There is no lesson “${event.params.lesson}”.`);
	if (event.params.step === undefined) return { user, lesson };
	const step = lesson.steps.find((s) => s.id === event.params.step);
	if (!step) error(404, `“${lesson.title}” has no step “${event.params.step}”.`);
	return { user, lesson, step };
}

const preparing = new Map<string, Promise<SandboxSession>>();

/**
 * The learner's engine, with the lesson's starting files placed in it (once
 * per engine: a new engine gets them again). Calls for the same learner and
 * lesson while one is under way share it.
 */
export function engineForLesson(userId: string, lesson: Lesson): Promise<SandboxSession> {
	const key = `${userId}/${lesson.slug}`;
	let found = preparing.get(key);
	if (!found) {
		found = (async () => {
			const db = await getDb();
			const session = await sessionFor(userId);
			const progress = (await progressOf(db, userId)).get(lesson.slug);
			if (!progress) await startStep(db, userId, lesson.slug, lesson.steps[0]!.id);
			if (progress?.lesson.engineSession !== session.id) {
				await prepareLesson(sandbox(), session.id, lesson);
				await setEngineSession(db, userId, lesson.slug, session.id);
			}
			return session;
		})().finally(() => preparing.delete(key));
		preparing.set(key, found);
	}
	return found;
}

/**
 * A fresh engine for the lesson, brought to the start of `step`: the
 * starting files, then the solutions of the steps before it (the same ones
 * the test suite proves), so the learner can carry on from where they were.
 */
export async function resetEngine(
	userId: string,
	lesson: Lesson,
	step: Step
): Promise<SandboxSession> {
	const [old] = await sandbox().listSessions(userId);
	if (old) await sandbox().deleteSession(old.id);
	const session = await engineForLesson(userId, lesson);
	const vars = varsOf(session);
	for (const earlier of lesson.steps.slice(0, lesson.steps.indexOf(step)))
		await applySolution(sandbox(), session.id, earlier, vars);
	return session;
}
