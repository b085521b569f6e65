import type { SandboxClient } from '../../../../sandbox/client';
import { checkLabel, gradeStep, type StepResult } from '../../../../lessons/grader';
import { applySolution, prepareLesson, prepareStep } from '../../../../lessons/runner';
import type { LabProof, ProofCheck } from '../lab-files';
import type { Lesson } from './curriculum';

/** How long a solved goal may take to turn green: as long as the test suite gives content/. */
const PASS_WITHIN_MS = 30_000;

export interface ProofOptions {
	client: SandboxClient;
	/** Who the engine is for, e.g. `lab-proof:<instructor id>`: never a learner's own id. */
	owner: string;
	/** Told each stage as it begins, for a progress display. */
	onStage?: (stage: string) => void;
}

/**
 * Proves a lab solvable the way test/sandbox/lessons.test.ts proves content/:
 * in a fresh engine made for the purpose (and removed after), the starting
 * files and setup, then the goal must fail, then the solution, then the goal
 * must pass within 30 s.
 */
export async function proveLesson(
	lesson: Lesson,
	options: ProofOptions
): Promise<Omit<LabProof, 'hash'>> {
	const { client, onStage = () => {} } = options;
	const started = Date.now();
	const done = (ok: boolean, checks: ProofCheck[], error: string | null) => ({
		ok,
		checks,
		error,
		durationMs: Date.now() - started,
		provedAt: new Date().toISOString()
	});
	const step = lesson.steps[0]!;

	onStage('Starting a fresh engine');
	let session;
	try {
		session = await client.createSession({ owner: options.owner });
	} catch (cause) {
		console.error('berth: could not start an engine for a lab proof', cause);
		return done(false, [], 'No engine could be started for the proof just now. Try again soon.');
	}
	const vars = { namespace: session.registry.username, password: session.registry.password };
	try {
		onStage('Placing the starting files and running setup');
		await prepareLesson(client, session.id, lesson);
		await prepareStep(client, session.id, step);

		onStage('Checking that the goal is not met before the solution');
		const before = await gradeStep(client, session.id, step.checks, vars);
		if (before.pass)
			return done(
				false,
				verdicts(before),
				'The goal already passes before the solution: every check passes on a fresh engine, so the lab asks nothing of the learner.'
			);

		onStage('Running the solution');
		await applySolution(client, session.id, step, vars);

		onStage('Checking that the goal is met');
		const deadline = Date.now() + PASS_WITHIN_MS;
		let after: StepResult;
		for (;;) {
			after = await gradeStep(client, session.id, step.checks, vars);
			if (after.pass || Date.now() > deadline) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		const failing = after.checks.filter((c) => !c.pass).length;
		return done(
			after.pass,
			verdicts(after),
			after.pass
				? null
				: `After the solution, ${failing} of ${after.checks.length} checks still fail (waited ${PASS_WITHIN_MS / 1000} s).`
		);
	} catch (error) {
		// A solution or setup command that failed says which and what it printed.
		return done(false, [], error instanceof Error ? error.message : String(error));
	} finally {
		await client.deleteSession(session.id).catch((cause) => {
			console.error(`berth: could not remove the proof engine ${session.id}`, cause);
		});
	}
}

const verdicts = (result: StepResult): ProofCheck[] =>
	result.checks.map((c) => ({ label: checkLabel(c.check), pass: c.pass, message: c.message }));
