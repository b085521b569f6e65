/**
 * Benchmarks the sandbox service against Berth's real Docker daemon:
 *
 *   npm run bench:sandbox                      # every section
 *   npm run bench:sandbox -- --only warm,echo  # some of them
 *   npm run bench:sandbox -- --engines 30      # a smaller capacity run
 *
 * Sections: warm, cold, echo, exec, pull, state, memory, capacity (see
 * docs/benchmarks.md). Each starts the real service (sandbox/src/main.ts) as
 * a child process under an instance name of its own (bench-<time>-...), and
 * everything it creates is removed at the end, on an error and on Ctrl-C.
 *
 * It measures; it does not judge. A missed target is reported and the exit
 * status is still 0; only an error (a section that could not run) gives 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import type { SandboxSession } from '../sandbox/client';
import { readSandboxConfig } from '../sandbox/src/config';
import { DockerEngineDriver } from '../sandbox/src/engine/docker-driver';
import { removeInstance, startSandbox, type SandboxService } from '../test/helpers/sandbox';
import { mean, percentile } from './lib/stats';

const SECTIONS = ['warm', 'cold', 'echo', 'exec', 'pull', 'state', 'memory', 'capacity'] as const;
type Section = (typeof SECTIONS)[number];

const COUNTS = {
	warm: 15,
	cold: 10,
	echoWarmup: 20,
	echo: 300,
	exec: 50,
	state: 50,
	pull: 3,
	memory: 10
};
/** Seconds the memory section's engines are left alone before they are measured. */
const SETTLE_SECONDS = 10;
/** The capacity run stops adding engines when the host has less than this available. */
const MIN_AVAILABLE_BYTES = 2 * 1024 ** 3;
const MiB = 1024 * 1024;

/** The engine's bash prompt, `berth:~# `, with colour codes around the `#`. */
// eslint-disable-next-line no-control-regex -- the prompt's colour codes start with ESC
const PROMPT = /#(?:\x1b\[[0-9;]*m)* /;

// ---------------------------------------------------------------- options

const { values: args } = parseArgs({
	options: {
		only: { type: 'string' },
		engines: { type: 'string', default: '100' },
		'capacity-minutes': { type: 'string', default: '10' },
		help: { type: 'boolean', short: 'h', default: false }
	}
});
if (args.help) {
	console.log(
		'usage: npm run bench:sandbox -- [--only ' +
			SECTIONS.join(',') +
			'] [--engines N] [--capacity-minutes M]'
	);
	process.exit(0);
}
const selected = new Set<Section>();
for (const name of (args.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim())) {
	if (!name) continue;
	if (!(SECTIONS as readonly string[]).includes(name)) {
		console.error(`bench: unknown section "${name}"; sections: ${SECTIONS.join(', ')}`);
		process.exit(2);
	}
	selected.add(name as Section);
}
const maxEngines = positiveInt('--engines', args.engines);
const capacityMinutes = positiveInt('--capacity-minutes', args['capacity-minutes']);

function positiveInt(flag: string, raw: string | undefined): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) {
		console.error(`bench: ${flag} wants a positive whole number, not "${raw}"`);
		process.exit(2);
	}
	return value;
}

// ---------------------------------------------------------------- helpers

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function log(message: string): void {
	const t = ((performance.now() - runStarted) / 1000).toFixed(0).padStart(4);
	console.log(`[${t}s] ${message}`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
			})
		]);
	} finally {
		clearTimeout(timer);
	}
}

function memAvailable(): number {
	const line = /^MemAvailable:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
	if (!line) throw new Error('no MemAvailable in /proc/meminfo');
	return Number(line[1]) * 1024;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** Runs `work` on every item, at most `limit` at a time. */
async function eachLimited<T, R>(
	items: T[],
	limit: number,
	work: (item: T) => Promise<R>
): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				results[i] = await work(items[i]!);
			}
		})
	);
	return results;
}

/**
 * One terminal tab over the WebSocket, authenticated with the service token
 * in a header as the site's relay does. Keeps the output as text and
 * notices, on every frame, whether a waiter's condition now holds.
 */
class Terminal {
	readonly ws: WebSocket;
	output = '';
	#decoder = new TextDecoder();
	#waiters = new Set<{ check: (at: number) => void; fail: (error: Error) => void }>();
	#closed: { code: number; reason: string } | undefined;

	constructor(url: string, token: string) {
		this.ws = new WebSocket(url, {
			headers: { authorization: `Bearer ${token}` },
			perMessageDeflate: false
		});
		this.ws.on('message', (data: Buffer, isBinary) => {
			const at = performance.now();
			if (!isBinary) return; // control messages (exit, error)
			this.output += this.#decoder.decode(data, { stream: true });
			for (const waiter of this.#waiters) waiter.check(at);
		});
		this.ws.on('close', (code, reason) => {
			this.#closed = { code, reason: reason.toString() };
			const error = new Error(`terminal closed (${code} ${reason.toString()})`);
			for (const waiter of this.#waiters) waiter.fail(error);
		});
		this.ws.on('error', () => {}); // reported by close
	}

	opened(timeoutMs = 10_000): Promise<void> {
		if (this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
		return withTimeout(
			new Promise((resolve, reject) => {
				this.ws.once('open', () => resolve());
				this.ws.once('error', reject);
			}),
			timeoutMs,
			'terminal WebSocket open'
		);
	}

	/** Resolves with the time of the frame that made `test` true. */
	until(test: (output: string) => boolean, what: string, timeoutMs = 10_000): Promise<number> {
		if (test(this.output)) return Promise.resolve(performance.now());
		if (this.#closed)
			return Promise.reject(new Error(`terminal closed (${this.#closed.code}) before ${what}`));
		return new Promise((resolve, reject) => {
			const waiter = {
				check: (at: number) => {
					if (!test(this.output)) return;
					done();
					resolve(at);
				},
				fail: (error: Error) => {
					done();
					reject(error);
				}
			};
			const timer = setTimeout(() => {
				done();
				reject(
					new Error(
						`timed out after ${timeoutMs} ms waiting for ${what}; output so far: ` +
							JSON.stringify(this.output.slice(-300))
					)
				);
			}, timeoutMs);
			const done = () => {
				clearTimeout(timer);
				this.#waiters.delete(waiter);
			};
			this.#waiters.add(waiter);
		});
	}

	type(text: string): void {
		this.ws.send(Buffer.from(text, 'utf8'), { binary: true });
	}

	async close(): Promise<void> {
		if (this.ws.readyState === WebSocket.CLOSED) return;
		const closed = new Promise((r) => this.ws.once('close', r));
		this.ws.close();
		await withTimeout(closed, 5_000, 'terminal close').catch(() => this.ws.terminate());
	}
}

// ---------------------------------------------------------------- services and cleanup

const runStarted = performance.now();
/** The host's 1-minute load average every 5 s: other work on the host skews every figure. */
const loads: number[] = [os.loadavg()[0]!];
setInterval(() => loads.push(os.loadavg()[0]!), 5_000).unref();
const stamp = Date.now();
const services = new Map<string, SandboxService>();
const instances = new Set<string>();

/** Starts the real service under an instance of its own (removed by cleanup). */
async function service(kind: string, env: NodeJS.ProcessEnv): Promise<SandboxService> {
	const instance = `bench-${stamp}-${kind}`;
	instances.add(instance);
	const svc = await startSandbox({ instance, env });
	services.set(instance, svc);
	log(`service ${instance} at ${svc.url} (${JSON.stringify(env)})`);
	return svc;
}

async function stopService(svc: SandboxService): Promise<void> {
	for (const [instance, s] of services) {
		if (s !== svc) continue;
		services.delete(instance);
		await svc.stop();
		await removeInstance(instance);
		instances.delete(instance);
		fs.rmSync(svc.dataDir, { recursive: true, force: true });
	}
}

/** A driver of `instance`, as the service builds it (only the Docker socket and disks matter). */
function driverOf(instance: string): DockerEngineDriver {
	return new DockerEngineDriver(
		readSandboxConfig({
			...process.env,
			BERTH_DATA_DIR: os.tmpdir(),
			SANDBOX_TOKEN: 'bench-purge-token-unused',
			SANDBOX_INSTANCE: instance
		})
	);
}

let cleaning: Promise<void> | undefined;
/** Stops every service and removes every engine the benchmark made. Once. */
function cleanup(): Promise<void> {
	cleaning ??= (async () => {
		for (const svc of services.values()) {
			await svc.stop().catch(() => {});
			fs.rmSync(svc.dataDir, { recursive: true, force: true });
		}
		for (const instance of instances) {
			await removeInstance(instance).catch((error) =>
				console.error(`bench: could not remove instance ${instance}:`, error)
			);
		}
		services.clear();
		instances.clear();
	})();
	return cleaning;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		if (interrupted) return;
		interrupted = true;
		console.error(`\nbench: ${signal}, removing what the benchmark created ...`);
		void cleanup().finally(() => process.exit(130));
	});
}

/** A backstop far beyond a normal run: the benchmark never runs unbounded. */
const WATCHDOG_MS = (50 + capacityMinutes) * 60_000;
setTimeout(() => {
	console.error(`bench: still running after ${WATCHDOG_MS / 60_000} min; giving up`);
	void cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS).unref();

async function healthz(svc: SandboxService): Promise<{ sessions: number; pool: number }> {
	const res = await fetch(`${svc.url}/healthz`, {
		headers: { authorization: `Bearer ${svc.token}` },
		signal: AbortSignal.timeout(5_000)
	});
	if (!res.ok) throw new Error(`GET /healthz: HTTP ${res.status}`);
	return (await res.json()) as { sessions: number; pool: number };
}

async function waitForPool(svc: SandboxService, size: number, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await healthz(svc)).pool < size) {
		if (Date.now() > deadline) throw new Error(`the pool did not reach ${size} in ${timeoutMs} ms`);
		await sleep(100);
	}
}

/** GET /metrics as { 'name{labels}': value }. */
async function metricsOf(svc: SandboxService): Promise<Record<string, number>> {
	const res = await fetch(`${svc.url}/metrics`, {
		headers: { authorization: `Bearer ${svc.token}` },
		signal: AbortSignal.timeout(5_000)
	});
	if (!res.ok) throw new Error(`GET /metrics: HTTP ${res.status}`);
	const out: Record<string, number> = {};
	for (const line of (await res.text()).split('\n')) {
		const m = /^(\S+) (\S+)$/.exec(line);
		if (m && !line.startsWith('#')) out[m[1]!] = Number(m[2]);
	}
	return out;
}

function openTerminal(svc: SandboxService, id: string): Terminal {
	return new Terminal(svc.client.terminalUrl(id, { tab: 'main', cols: 120, rows: 40 }), svc.token);
}

/** POST /v1/sessions → terminal WebSocket → the shell's prompt. Times each step. */
async function createToPrompt(svc: SandboxService) {
	const t0 = performance.now();
	const session = await withTimeout(
		svc.client.createSession({ owner: 'bench' }),
		60_000,
		'POST /v1/sessions'
	);
	const created = performance.now();
	const terminal = openTerminal(svc, session.id);
	try {
		await terminal.opened();
		const opened = performance.now();
		const prompt = await terminal.until((out) => PROMPT.test(out), 'the prompt', 30_000);
		return {
			session,
			total: prompt - t0,
			create: created - t0,
			open: opened - created,
			shell: prompt - opened
		};
	} finally {
		await terminal.close();
	}
}

/** A session the echo, exec, pull and state sections share; deleted after them. */
let work: { svc: SandboxService; session: SandboxSession } | undefined;
async function workSession(): Promise<{ svc: SandboxService; session: SandboxSession }> {
	if (!work) {
		const svc = await coldService();
		work = { svc, session: await svc.client.createSession({ owner: 'bench' }) };
		log(`work session ${work.session.id}`);
	}
	return work;
}

let cold: SandboxService | undefined;
async function coldService(): Promise<SandboxService> {
	cold ??= await service('cold', {
		SANDBOX_POOL_SIZE: '0',
		SANDBOX_MAX_SESSIONS: String(Math.max(150, maxEngines + 10))
	});
	return cold;
}

async function sh(svc: SandboxService, id: string, script: string, timeoutMs = 180_000) {
	const result = await svc.client.exec(id, ['bash', '-c', script], { timeoutMs });
	if (result.exitCode !== 0)
		throw new Error(`\`${script}\` exited with ${result.exitCode}: ${result.stderr.slice(-1000)}`);
	return result;
}

// ---------------------------------------------------------------- results

interface Row {
	metric: string;
	samples: number[];
	/** Show p99 (only for large enough samples). */
	p99?: boolean;
	/** Show mean and max. */
	meanMax?: boolean;
	/** The one sample is a count: shown as n. */
	count?: boolean;
	digits?: number;
	target?: { text: string; met: (samples: number[]) => boolean };
}
const rows: Row[] = [];
const notes: string[] = [];
const errors: { section: Section; error: unknown }[] = [];

function fmt(value: number | undefined, digits: number): string {
	return value === undefined ? '' : value.toFixed(digits);
}

function summarise(row: Row): string {
	const d = row.digits ?? 0;
	const s = row.samples;
	if (row.count) return `${row.metric}: ${s[0]}`;
	const p99 = row.p99 ? ` p99 ${fmt(percentile(s, 99), d)}` : '';
	const mm = row.meanMax ? ` mean ${fmt(mean(s), d)} max ${fmt(Math.max(...s), d)}` : '';
	return `${row.metric}: n ${s.length} p50 ${fmt(percentile(s, 50), d)} p95 ${fmt(percentile(s, 95), d)}${p99}${mm}`;
}

function addRow(row: Row): void {
	rows.push(row);
	log(summarise(row));
}

// ---------------------------------------------------------------- sections

async function warmSection(): Promise<void> {
	const pool = 1;
	const svc = await service('warm', { SANDBOX_POOL_SIZE: String(pool) });
	try {
		const totals: number[] = [];
		const creates: number[] = [];
		const opens: number[] = [];
		const shells: number[] = [];
		for (let i = 0; i < COUNTS.warm && !interrupted; i++) {
			await waitForPool(svc, pool);
			await sleep(500); // let the engine that just joined the pool settle
			const r = await createToPrompt(svc);
			totals.push(r.total);
			creates.push(r.create);
			opens.push(r.open);
			shells.push(r.shell);
			log(
				`warm ${i + 1}/${COUNTS.warm}: ${r.total.toFixed(0)} ms (POST ${r.create.toFixed(0)}, ` +
					`open ${r.open.toFixed(0)}, prompt ${r.shell.toFixed(0)}), load ${os.loadavg()[0]!.toFixed(1)}`
			);
			await svc.client.deleteSession(r.session.id);
		}
		const metrics = await metricsOf(svc);
		notes.push(
			`warm: the service reports ${metrics['berth_sandbox_sessions_created_total{source="pool"}']} ` +
				`sessions from the pool and ${metrics['berth_sandbox_sessions_created_total{source="cold"}']} cold; ` +
				`its own create p95 ${(1000 * (metrics['berth_sandbox_session_create_seconds{quantile="0.95"}'] ?? NaN)).toFixed(0)} ms`
		);
		addRow({
			metric: 'warm create → prompt (ms)',
			samples: totals,
			target: { text: '≤ 500 (p95)', met: (s) => percentile(s, 95) <= 500 }
		});
		addRow({ metric: '  of which POST /v1/sessions', samples: creates });
		addRow({ metric: '  of which WebSocket open', samples: opens });
		addRow({ metric: '  of which shell → prompt', samples: shells });
	} finally {
		await stopService(svc);
	}
}

async function coldSection(): Promise<void> {
	const svc = await coldService();
	const totals: number[] = [];
	const creates: number[] = [];
	const shells: number[] = [];
	for (let i = 0; i < COUNTS.cold && !interrupted; i++) {
		await sleep(500);
		const r = await createToPrompt(svc);
		totals.push(r.total);
		creates.push(r.create);
		shells.push(r.open + r.shell);
		log(
			`cold ${i + 1}/${COUNTS.cold}: ${r.total.toFixed(0)} ms (POST ${r.create.toFixed(0)}), ` +
				`load ${os.loadavg()[0]!.toFixed(1)}`
		);
		await svc.client.deleteSession(r.session.id);
	}
	addRow({
		metric: 'cold create → prompt (ms)',
		samples: totals,
		target: { text: '≤ 1500 (p95)', met: (s) => percentile(s, 95) <= 1500 }
	});
	addRow({ metric: '  of which POST /v1/sessions', samples: creates });
	addRow({ metric: '  of which WebSocket → prompt', samples: shells });
}

async function echoSection(): Promise<void> {
	const { svc, session } = await workSession();
	const terminal = openTerminal(svc, session.id);
	try {
		await terminal.opened();
		await terminal.until((out) => PROMPT.test(out), 'the prompt', 30_000);
		const letters = 'abcdefghijklmnopqrstuvwxyz';
		const samples: number[] = [];
		for (let i = 0; i < COUNTS.echoWarmup + COUNTS.echo && !interrupted; i++) {
			if (i % 40 === 39) {
				// Ctrl-U: keep the line short; let its redraw pass before the next key.
				terminal.type('\x15');
				await sleep(100);
			}
			const ch = letters[i % letters.length]!;
			const from = terminal.output.length;
			const sent = performance.now();
			terminal.type(ch);
			const echoed = await terminal.until((out) => out.includes(ch, from), `echo of "${ch}"`);
			if (i >= COUNTS.echoWarmup) samples.push(echoed - sent);
		}
		terminal.type('\x15');
		addRow({
			metric: 'keystroke echo (ms)',
			samples,
			p99: true,
			digits: 1,
			target: { text: '≤ 20 (p99)', met: (s) => percentile(s, 99) <= 20 }
		});
	} finally {
		await terminal.close();
	}
}

async function execSection(): Promise<void> {
	const { svc, session } = await workSession();
	const client: number[] = [];
	const server: number[] = [];
	for (let i = 0; i < 3 + COUNTS.exec && !interrupted; i++) {
		const t = performance.now();
		const result = await svc.client.exec(session.id, ['true']);
		if (result.exitCode !== 0) throw new Error(`exec true exited with ${result.exitCode}`);
		if (i < 3) continue; // warm-up
		client.push(performance.now() - t);
		server.push(result.durationMs);
	}
	addRow({ metric: 'exec `true` round trip (ms)', samples: client, p99: true });
	addRow({ metric: '  of which in the service (durationMs)', samples: server, p99: true });
}

async function pullSection(): Promise<void> {
	const { svc, session } = await workSession();
	const samples: number[] = [];
	for (let i = 0; i < COUNTS.pull && !interrupted; i++) {
		// Nothing of redis may be left: no container using it, no image.
		await sh(
			svc,
			session.id,
			'docker ps -aq --filter ancestor=redis | xargs -r docker rm -f >/dev/null; ' +
				'docker rmi -f redis >/dev/null 2>&1; docker image prune -f >/dev/null; true'
		);
		const t = performance.now();
		await sh(svc, session.id, 'docker pull -q redis');
		samples.push((performance.now() - t) / 1000);
	}
	const size = await sh(svc, session.id, "docker image inspect -f '{{.Size}}' redis");
	notes.push(
		`docker pull redis: ${(Number(size.stdout.trim()) / 1e6).toFixed(0)} MB image from Berth's registry`
	);
	addRow({ metric: 'docker pull redis (s)', samples, digits: 2, meanMax: true });
}

async function stateSection(): Promise<void> {
	const { svc, session } = await workSession();
	await sh(
		svc,
		session.id,
		[
			'set -e',
			'docker rm -f $(docker ps -aq) >/dev/null 2>&1 || true',
			'for i in 1 2 3; do docker run -d --name sleep$i busybox sleep 600 >/dev/null; done',
			'docker run -d --name redis redis >/dev/null',
			'docker run -d --name web nginx >/dev/null',
			'mkdir -p /root/tiny && cd /root/tiny',
			`printf 'FROM busybox\\nRUN echo hello > /hello\\nCMD ["cat", "/hello"]\\n' > Dockerfile`,
			'docker build -q -t tiny . >/dev/null'
		].join('\n')
	);
	const samples: number[] = [];
	let shape = '';
	for (let i = 0; i < 3 + COUNTS.state && !interrupted; i++) {
		const t = performance.now();
		const state = await svc.client.state<{ containers: unknown[]; images: unknown[] }>(session.id);
		if (i < 3) {
			shape = `${state.containers.length} containers, ${state.images.length} images`;
			continue;
		}
		samples.push(performance.now() - t);
	}
	notes.push(`GET /state measured with ${shape} in the engine`);
	addRow({
		metric: 'GET /state (ms)',
		samples,
		p99: true,
		target: { text: '≤ 100 (p95)', met: (s) => percentile(s, 95) <= 100 }
	});
}

async function endWorkSession(): Promise<void> {
	if (!work) return;
	await work.svc.client.deleteSession(work.session.id).catch(() => {});
	work = undefined;
}

/** CPU time an engine's cgroup has used, in ns. */
async function cpuNanos(driver: DockerEngineDriver, id: string): Promise<number> {
	const stats = await driver.docker.request<{ cpu_stats: { cpu_usage: { total_usage: number } } }>(
		'GET',
		`/containers/${id}/stats`,
		{ query: { stream: false, 'one-shot': true } }
	);
	return stats.cpu_stats.cpu_usage.total_usage;
}

/** Working set of each engine of `sessionIds`, in bytes. */
async function engineMemory(driver: DockerEngineDriver, sessionIds: Set<string>) {
	const engines = (await driver.list()).filter((e) => sessionIds.has(e.sessionId));
	if (engines.length !== sessionIds.size)
		throw new Error(`found ${engines.length} engines of ${sessionIds.size} sessions`);
	return eachLimited(engines, 8, (engine) => driver.memoryUsage(engine));
}

async function memorySection(): Promise<void> {
	const svc = await coldService();
	const driver = driverOf(`bench-${stamp}-cold`);
	const ids = new Set<string>();
	try {
		for (let i = 0; i < COUNTS.memory && !interrupted; i++) {
			ids.add((await svc.client.createSession({ owner: 'bench' })).id);
		}
		log(`memory: ${ids.size} engines started; letting them settle for ${SETTLE_SECONDS} s`);
		await sleep(SETTLE_SECONDS * 1000);
		const bytes = await engineMemory(driver, ids);
		addRow({
			metric: 'idle engine memory (MiB)',
			samples: bytes.map((b) => b / MiB),
			meanMax: true,
			digits: 1,
			target: { text: '≤ 48 (max)', met: (s) => Math.max(...s) <= 48 }
		});
	} finally {
		driver.close();
		await eachLimited([...ids], 4, (id) => svc.client.deleteSession(id).catch(() => {}));
	}
}

async function capacitySection(): Promise<void> {
	const svc = await coldService();
	const driver = driverOf(`bench-${stamp}-cold`);
	const ids: string[] = [];
	const createTimes: number[] = [];
	const availableBefore = memAvailable();
	const deadline = Date.now() + capacityMinutes * 60_000;
	let stoppedBy = `the bound of ${maxEngines} engines`;
	log(`capacity: up to ${maxEngines} engines; MemAvailable ${gib(availableBefore)}`);
	try {
		while (ids.length < maxEngines && !interrupted) {
			if (memAvailable() < MIN_AVAILABLE_BYTES) {
				stoppedBy = `MemAvailable below ${gib(MIN_AVAILABLE_BYTES)}`;
				break;
			}
			if (Date.now() > deadline) {
				stoppedBy = `the time bound of ${capacityMinutes} min`;
				break;
			}
			const t = performance.now();
			try {
				ids.push((await svc.client.createSession({ owner: 'bench' })).id);
			} catch (error) {
				stoppedBy = `a failed create: ${error instanceof Error ? error.message : error}`;
				break;
			}
			createTimes.push(performance.now() - t);
			if (ids.length % 10 === 0)
				log(
					`capacity: ${ids.length} engines, last create ${createTimes.at(-1)!.toFixed(0)} ms, ` +
						`MemAvailable ${gib(memAvailable())}`
				);
		}
		if (!ids.length) throw new Error(`no engine started (stopped by ${stoppedBy})`);
		log(`capacity: ${ids.length} engines started, stopped by ${stoppedBy}; settling 10 s`);
		await sleep(10_000);
		// CPU the idle engines use between two readings of their cgroups.
		const engines = (await driver.list()).filter((e) => ids.includes(e.sessionId));
		const readCpu = async () => {
			const before = performance.now();
			const nanos = await eachLimited(engines, 8, (e) => cpuNanos(driver, e.id));
			return { at: (before + performance.now()) / 2, total: nanos.reduce((a, b) => a + b, 0) };
		};
		const cpu0 = await readCpu();
		await sleep(10_000);
		const cpu1 = await readCpu();
		/** In CPUs: 1 = one core busy all the time. */
		const idleCpu = (cpu1.total - cpu0.total) / ((cpu1.at - cpu0.at) * 1e6);
		const bytes = await engineMemory(driver, new Set(ids));
		const total = bytes.reduce((a, b) => a + b, 0);
		const availableAfter = memAvailable();
		const checks: string[] = [];
		let allRan = true;
		for (const [which, id] of [
			['first', ids[0]!],
			['last', ids.at(-1)!]
		] as const) {
			const t = performance.now();
			const result = await svc.client
				.exec(id, ['docker', 'run', '--rm', 'busybox', 'true'], { timeoutMs: 120_000 })
				.catch((error: Error) => ({ exitCode: -1, stderr: error.message }));
			const ok = result.exitCode === 0;
			allRan &&= ok;
			checks.push(
				`${which} engine: docker run --rm busybox true ${ok ? 'ran' : `FAILED (${result.exitCode}: ${result.stderr.trim().slice(-200)})`} in ${((performance.now() - t) / 1000).toFixed(1)} s`
			);
		}
		addRow({
			metric: 'idle engines at once',
			samples: [ids.length],
			count: true,
			target: {
				text: '≥ 100',
				met: (s) => s[0]! >= 100 && allRan
			}
		});
		addRow({ metric: '  create time while filling (ms)', samples: createTimes, meanMax: true });
		addRow({
			metric: '  engine memory at capacity (MiB)',
			samples: bytes.map((b) => b / MiB),
			meanMax: true,
			digits: 1
		});
		notes.push(
			`capacity: ${ids.length} engines started (stopped by ${stoppedBy}); ` +
				`total engine working set ${gib(total)}; host MemAvailable ${gib(availableBefore)} before, ` +
				`${gib(availableAfter)} with them running; together the idle engines used ` +
				`${(idleCpu * 100).toFixed(1)}% of one CPU (measured over 10 s); ${checks.join('; ')}`
		);
	} finally {
		driver.close();
		const t = performance.now();
		await eachLimited(ids, 8, (id) => svc.client.deleteSession(id).catch(() => {}));
		log(
			`capacity: ${ids.length} sessions deleted in ${((performance.now() - t) / 1000).toFixed(1)} s`
		);
	}
}

// ---------------------------------------------------------------- main

const run: Record<Section, () => Promise<void>> = {
	warm: warmSection,
	cold: coldSection,
	echo: echoSection,
	exec: execSection,
	pull: pullSection,
	state: stateSection,
	memory: memorySection,
	capacity: capacitySection
};

function printSummary(): void {
	const header = ['metric', 'n', 'p50', 'p95', 'p99', 'mean', 'max', 'target', 'met'];
	const table = rows.map((row) => {
		const d = row.digits ?? 0;
		const s = row.samples;
		const stats = !row.count;
		return [
			row.metric,
			String(row.count ? s[0] : s.length),
			stats ? fmt(percentile(s, 50), d) : '',
			stats ? fmt(percentile(s, 95), d) : '',
			stats && row.p99 ? fmt(percentile(s, 99), d) : '',
			stats && row.meanMax ? fmt(mean(s), d) : '',
			stats && row.meanMax ? fmt(Math.max(...s), d) : '',
			row.target?.text ?? '',
			row.target ? (row.target.met(s) ? 'yes' : 'NO') : ''
		];
	});
	const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => r[c]!.length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, c) => (c === 0 || c === 7 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
			.join('  ')
			.trimEnd();
	console.log('');
	console.log(line(header));
	for (const r of table) console.log(line(r));
	const judged = rows.filter((r) => r.target);
	const met = judged.filter((r) => r.target!.met(r.samples));
	console.log('');
	console.log(
		`targets met: ${met.length} of ${judged.length}` +
			(judged.length
				? ` (${judged.map((r) => `${r.metric.replace(/ \(.*\)$/, '')} ${r.target!.met(r.samples) ? 'met' : 'MISSED'}`).join('; ')})`
				: '')
	);
	console.log(
		`note: host 1-min load average during the run: min ${Math.min(...loads).toFixed(1)}, ` +
			`median ${percentile(loads, 50).toFixed(1)}, max ${Math.max(...loads).toFixed(1)} ` +
			`(${os.cpus().length} CPUs)`
	);
	for (const note of notes) console.log(`note: ${note}`);
	for (const { section, error } of errors)
		console.log(`error in ${section}: ${error instanceof Error ? error.message : error}`);
}

log(
	`bench: sections ${[...selected].join(', ')}; host ${os.cpus().length} CPUs, ` +
		`${gib(os.totalmem())}, kernel ${os.release()}, MemAvailable ${gib(memAvailable())}`
);
try {
	for (const section of SECTIONS) {
		if (!selected.has(section) || interrupted) continue;
		if (section === 'memory' || section === 'capacity') await endWorkSession();
		log(`--- ${section}`);
		try {
			await run[section]();
		} catch (error) {
			if (interrupted) break;
			errors.push({ section, error });
			log(`${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
		}
	}
	await endWorkSession();
} finally {
	await cleanup();
}
if (interrupted) {
	// The signal handler exits once cleanup is done; wait for it, never exit before.
	await new Promise(() => {});
}
printSummary();
log(`bench: done in ${((performance.now() - runStarted) / 60_000).toFixed(1)} min`);
process.exit(errors.length ? 1 : 0);
