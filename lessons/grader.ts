import { quote } from './shell';
import type { SandboxClient } from '../sandbox/client';
import { evaluate, probesOf, type Check } from './checks/catalog';
import type { EngineState, Observation, Probe, ProbeResult, Verdict } from './checks/types';
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
		runProbes(client, sessionId, probes),
		checks.some((c) => c.type === 'registry')
			? client.registry(sessionId).catch(() => undefined)
			: undefined
	]);
	return { state, probes: results, ...(registry && { registry }) };
}

/**
 * Runs a step's probes in the engine in one exec (each in parallel, each with
 * its own time limit): one round trip instead of one per probe. Each result
 * comes back on a line of its own: `<index> <exit code> <stdout> <stderr>`,
 * the outputs base64-encoded.
 */
async function runProbes(
	client: Grading,
	sessionId: string,
	probes: Probe[]
): Promise<Record<string, ProbeResult>> {
	if (probes.length === 0) return {};
	const limit = Math.max(...probes.map((p) => p.timeoutMs ?? PROBE_TIMEOUT_MS));
	const script = [
		'd=$(mktemp -d)',
		...probes.map(
			(p, i) =>
				`(timeout ${Math.ceil((p.timeoutMs ?? PROBE_TIMEOUT_MS) / 1000)} ${p.cmd.map(quote).join(' ')} >"$d/${i}.out" 2>"$d/${i}.err" </dev/null; echo $? >"$d/${i}.code") &`
		),
		'wait',
		...probes.map(
			(_, i) =>
				`echo "${i} $(cat "$d/${i}.code") $(base64 -w0 <"$d/${i}.out") $(base64 -w0 <"$d/${i}.err")"`
		),
		'rm -rf "$d"'
	].join('\n');
	const run = await client.exec(sessionId, ['sh', '-c', script], { timeoutMs: limit + 5000 });
	const results: Record<string, ProbeResult> = {};
	for (const line of run.stdout.split('\n')) {
		const [index, code, out = '', err = ''] = line.split(' ');
		const probe = probes[Number(index)];
		if (!probe || code === undefined) continue;
		results[probe.id] = {
			exitCode: Number(code),
			stdout: Buffer.from(out, 'base64').toString(),
			stderr: Buffer.from(err, 'base64').toString()
		};
	}
	return results;
}

const PROBE_TIMEOUT_MS = 10_000;

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

/**
 * A short name for a check, for gradebooks and evidence: its kind and what it
 * names, e.g. "container web", "port 8080", "file ~/notes.txt".
 */
export function checkLabel(c: Check): string {
	const named = c as Partial<Record<string, unknown>>;
	const what = ['name', 'path', 'repository', 'project', 'hostPort', 'port', 'image', 'from', 'key']
		.map((k) => named[k])
		.find((v) => typeof v === 'string' || typeof v === 'number');
	return what === undefined ? c.type : `${c.type} ${what}`;
}

/**
 * An observation kept with a grade: probe results are stored with the
 * command that produced them (not the check's index), so a later version of
 * the checks can be judged on it wherever it asks the same questions.
 */
export interface StoredObservation {
	state: EngineState;
	probes: { cmd: string; result: ProbeResult }[];
	registry?: Observation['registry'];
}

export function storeObservation(checks: Check[], observation: Observation): StoredObservation {
	const probes = checks.flatMap((c, i) => probesOf(c, i));
	return {
		state: observation.state,
		probes: probes
			.filter((p) => observation.probes[p.id])
			.map((p) => ({ cmd: JSON.stringify(p.cmd), result: observation.probes[p.id]! })),
		...(observation.registry && { registry: observation.registry })
	};
}

/**
 * Judges `checks` (perhaps changed since) on a stored observation. A check
 * that needs something the observation did not record (a new probe, or the
 * registry) cannot be judged fairly: it fails with a message saying so,
 * rather than pretending.
 */
export function rejudge(checks: Check[], stored: StoredObservation): CheckResult[] {
	const byCmd = new Map(stored.probes.map((p) => [p.cmd, p.result]));
	const observation: Observation = {
		state: stored.state,
		probes: {},
		...(stored.registry && { registry: stored.registry })
	};
	const missing = new Set<number>();
	checks.forEach((c, i) => {
		for (const p of probesOf(c, i)) {
			const result = byCmd.get(JSON.stringify(p.cmd));
			if (result) observation.probes[p.id] = result;
			else missing.add(i);
		}
		if (c.type === 'registry' && !stored.registry) missing.add(i);
	});
	return checks.map((c, i) =>
		missing.has(i)
			? {
					check: c,
					pass: false,
					message:
						'Not judged: this check looks at something that was not recorded when the work was submitted. Ask the learner to submit again.'
				}
			: { check: c, ...evaluate(c, i, observation) }
	);
}

/** Grades a step once and keeps what it was graded on (for a lab submission). */
export async function gradeAndStore(
	client: Grading,
	sessionId: string,
	template: Check[],
	vars: LessonVars = {}
): Promise<{ result: StepResult; stored: StoredObservation }> {
	const started = performance.now();
	const checks = vars.namespace || vars.password ? withVars(template, vars) : template;
	const observation = await observe(client, sessionId, checks);
	const judged = judge(checks, observation);
	return {
		result: {
			pass: judged.every((r) => r.pass),
			checks: judged,
			observedAt: observation.state.collectedAt,
			durationMs: Math.round(performance.now() - started)
		},
		stored: storeObservation(checks, observation)
	};
}
