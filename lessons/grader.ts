import type { SandboxClient } from '../sandbox/client';
import { evaluate, probesOf, type Check } from './checks/catalog';
import type { EngineState, Observation, ProbeResult, Verdict } from './checks/types';
import { substitute, type LessonVars } from './markdown';

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

/** What a grader needs to know about a learner's engine besides its id. */
export type Grading = Pick<SandboxClient, 'state' | 'exec' | 'registry'>;

/**
 * Observes a learner's engine once (its state, the probes the checks ask for,
 * and their registry if a check looks there, all in parallel) and judges
 * every check of a step on that one observation.
 */
export async function observe(
	client: Grading,
	sessionId: string,
	checks: Check[]
): Promise<Observation> {
	const probes = checks.flatMap((c, i) => probesOf(c, i));
	const [state, results, registry] = await Promise.all([
		client.state<EngineState>(sessionId),
		Promise.all(
			probes.map((p) =>
				client
					.exec(sessionId, p.cmd, { timeoutMs: p.timeoutMs ?? 10_000 })
					.then((r): [string, ProbeResult] => [p.id, r])
			)
		),
		checks.some((c) => c.type === 'registry')
			? client.registry(sessionId).catch(() => undefined)
			: undefined
	]);
	return { state, probes: Object.fromEntries(results), ...(registry && { registry }) };
}

export function judge(checks: Check[], observation: Observation): CheckResult[] {
	return checks.map((c, i) => ({ check: c, ...evaluate(c, i, observation) }));
}

/** Checks with `{{namespace}}` and `{{password}}` filled in for one learner. */
export function withVars(checks: Check[], vars: LessonVars): Check[] {
	return JSON.parse(substitute(JSON.stringify(checks), vars)) as Check[];
}

export async function gradeStep(
	client: Grading,
	sessionId: string,
	template: Check[],
	vars: LessonVars = {}
): Promise<StepResult> {
	const started = performance.now();
	const checks = vars.namespace || vars.password ? withVars(template, vars) : template;
	const observation = await observe(client, sessionId, checks);
	const judged = judge(checks, observation);
	return {
		pass: judged.every((r) => r.pass),
		checks: judged,
		observedAt: observation.state.collectedAt,
		durationMs: Math.round(performance.now() - started)
	};
}
