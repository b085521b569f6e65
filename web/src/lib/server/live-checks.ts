import { WebSocket } from 'ws';
import { engineView } from '../../../../lessons/engine-view';
import { withVars } from '../../../../lessons/grader';
import type { LessonVars } from '../../../../lessons/markdown';
import { prepareStep } from '../../../../lessons/runner';
import { StepWatcher } from '../../../../lessons/watcher';
import { getDb } from './app';
import type { SessionUser } from './auth/sessions';
import type { Lesson, Step } from './curriculum';
import { lessonFor } from './custom-labs';
import { recordVerdicts } from './progress';
import { sandbox, type SandboxSession } from './sandbox';

/**
 * The live checks of a lesson page, over a WebSocket (/ws/checks?lesson=):
 *
 *   browser → {"type":"step","step":"<id>"}   watch this step's checks
 *   browser → {"type":"nudge"}                 check again now (a file was saved)
 *   server  → {"type":"result","step","pass","completed","checks":[{"pass","message"}]}
 *   server  → {"type":"engine","engine":EngineView}   when the engine changed
 *   server  → {"type":"error","message"}
 *
 * Verdicts come from the learner's real engine (lessons/watcher.ts) and are
 * recorded as progress as they arrive.
 */
export async function acceptLiveChecks(
	user: SessionUser,
	url: URL
): Promise<((ws: WebSocket) => void) | null> {
	// An instructor-written lab is for its class only (custom-labs.ts).
	const lesson = await lessonFor(await getDb(), url.searchParams.get('lesson') ?? '', user);
	if (!lesson) return null;
	const [session] = await sandbox().listSessions(user.id);
	if (!session) return null;
	return (ws) => liveChecks(ws, user.id, lesson, session);
}

export const varsOf = (session: SandboxSession): LessonVars => ({
	namespace: session.registry.username,
	password: session.registry.password
});

/** Steps whose setup has run, per engine: a step's setup runs once per engine. */
const setUp = new Set<string>();

function liveChecks(ws: WebSocket, userId: string, lesson: Lesson, session: SandboxSession) {
	const vars = varsOf(session);
	const stepIds = lesson.steps.map((s) => s.id);
	let watcher: StepWatcher | undefined;
	let current: Step | undefined;
	let lastEngine = '';
	const send = (message: unknown) => {
		if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
	};

	const watch = async (step: Step) => {
		watcher?.stop();
		current = step;
		const key = `${session.id}/${lesson.slug}/${step.id}`;
		if (step.setup.length > 0 && !setUp.has(key)) {
			setUp.add(key);
			await prepareStep(sandbox(), session.id, step).catch((error) =>
				send({ type: 'error', message: `The step’s setup failed: ${error.message}` })
			);
		}
		if (current !== step || ws.readyState !== WebSocket.OPEN) return;
		const w = new StepWatcher(sandbox(), session.id, withVars(step.checks, vars));
		watcher = w;
		// Verdicts are recorded and sent one at a time, in the order they came,
		// so a slow write of an older verdict never lands after a newer one.
		let queue = Promise.resolve();
		let newest: unknown;
		w.on('result', (result) => {
			newest = result;
			queue = queue.then(async () => {
				let completed = result.pass;
				try {
					completed = await recordVerdicts(
						await getDb(),
						userId,
						lesson.slug,
						step.id,
						stepIds,
						result
					);
				} catch (error) {
					console.error('berth: could not record progress', error);
				}
				if (watcher !== w || newest !== result) return;
				send({
					type: 'result',
					step: step.id,
					pass: result.pass,
					completed,
					checks: result.checks.map((c) => ({ pass: c.pass, message: c.message }))
				});
			});
		});
		w.on('state', (state) => {
			const view = JSON.stringify(engineView(state));
			if (view === lastEngine) return;
			lastEngine = view;
			if (ws.readyState === WebSocket.OPEN) ws.send(`{"type":"engine","engine":${view}}`);
		});
		w.on('error', () =>
			send({ type: 'error', message: 'The checks could not reach your engine just now.' })
		);
	};

	ws.on('message', (data) => {
		let message: { type?: unknown; step?: unknown };
		try {
			message = JSON.parse(data.toString());
		} catch {
			return send({ type: 'error', message: 'Messages must be JSON.' });
		}
		if (message.type === 'nudge') return watcher?.nudge(0);
		if (message.type === 'step') {
			const step = lesson.steps.find((s) => s.id === message.step);
			if (!step)
				return send({ type: 'error', message: `This lesson has no step “${message.step}”.` });
			if (step !== current) void watch(step);
			return;
		}
		send({ type: 'error', message: `Unknown message type “${String(message.type)}”.` });
	});
	ws.on('close', () => {
		current = undefined;
		watcher?.stop();
	});
}
