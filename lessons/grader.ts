import type { SandboxClient } from '../sandbox/client';
import { evaluate, probesOf, type Check } from './checks/catalog';
import type { EngineState, Observation, ProbeResult, Verdict } from './checks/types';

export interface CheckResult extends Verdict {
	check: Check;
}

export interface StepResult {
	pass: boolean;
	checks: CheckResult[];
	/** When the engine was observed. */
	observedAt: string;
	/** How long observing and judging took, in ms. */
	durationMs: number;
}

/**
 * Observes a learner's engine (its state, then the probes the checks ask for,
 * in parallel) and judges every check of a step on that one observation.
 */
export async function gradeStep(
	client: SandboxClient,
	sessionId: string,
	checks: Check[]
): Promise<StepResult> {
	const started = performance.now();
	const probes = checks.flatMap((c, i) => probesOf(c, i));
	const [state, results] = await Promise.all([
		client.state<EngineState>(sessionId),
		Promise.all(
			probes.map((p) =>
				client
					.exec(sessionId, p.cmd, { timeoutMs: p.timeoutMs ?? 10_000 })
					.then((r): [string, ProbeResult] => [p.id, r])
			)
		)
	]);
	const observation: Observation = { state, probes: Object.fromEntries(results) };
	const judged = checks.map((c, i) => ({ check: c, ...evaluate(c, i, observation) }));
	return {
		pass: judged.every((r) => r.pass),
		checks: judged,
		observedAt: state.collectedAt,
		durationMs: Math.round(performance.now() - started)
	};
}
