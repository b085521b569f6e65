import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerClient, DockerError } from '../docker/client';
import { LABELS } from '../labels';
import { LoopDisks, remapRoot } from './disk';
import { pinAddress, unpinAddress } from './pin-address';
import type { SandboxConfig } from '../config';
import type {
	Engine,
	EngineDriver,
	EngineSpec,
	ExecOptions,
	ExecResult,
	Shell,
	TerminalSize
} from './driver';
import { execCollect, execShell } from './exec';

/** The engine's nested dockerd, relayed to tcp :2375 for the host only (see the entrypoint). */
const ENGINE_API_PORT = 2375;
const READY_TIMEOUT_MS = 30_000;

const here = path.dirname(fileURLToPath(import.meta.url));
export const SECCOMP_PROFILE = path.resolve(here, '../../host/engine-seccomp.json');

interface ContainerSummary {
	Id: string;
	Labels: Record<string, string>;
	State: string;
	Created: number;
	NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> };
}

/**
 * Engines as containers running dockerd, on Berth's own Docker daemon
 * (userns-remapped, in its own network namespace: sandbox/host/).
 * docs/security.md explains each setting below.
 */
export class DockerEngineDriver implements EngineDriver {
	readonly docker: DockerClient;
	readonly #config: SandboxConfig;
	readonly #seccomp: string;
	readonly #apis = new Map<string, DockerClient>();
	readonly #disks: LoopDisks;
	readonly #hubCa: string;

	constructor(config: SandboxConfig) {
		this.#config = config;
		this.docker = new DockerClient({ socketPath: config.dockerSocket });
		this.#disks = new LoopDisks({
			root: path.join(config.enginesDir, config.instance),
			bytes: config.limits.diskBytes,
			...remapRoot(config.remapUser)
		});
		this.#hubCa = readIfPresent(path.join(config.registryTlsDir, 'ca.crt'));
		// The API wants the profile itself, not a path (the CLI reads the file for you).
		this.#seccomp = JSON.stringify(JSON.parse(fs.readFileSync(SECCOMP_PROFILE, 'utf8')));
	}

	async create(spec: EngineSpec): Promise<Engine> {
		const { limits } = spec;
		const name = `berth-engine-${spec.sessionId}`;
		const labels = {
			[LABELS.managed]: 'true',
			[LABELS.role]: 'engine',
			[LABELS.session]: spec.sessionId,
			[LABELS.instance]: this.#config.instance
		};
		const disk = await this.#disks.create(spec.sessionId);
		let created: { Id: string };
		try {
			created = await this.docker.request<{ Id: string }>('POST', '/containers/create', {
				query: { name },
				body: {
					Image: this.#config.engineImage,
					Hostname: 'berth',
					Labels: labels,
					Env: [
						// Only the host's end of the link may use the engine's API relay.
						`BERTH_ENGINE_API_FROM=${this.#config.hostLinkIp}`,
						// Learners push here (plain HTTP, hence an insecure registry).
						'BERTH_REGISTRY=registry.berth:5000',
						// The engine's dockerd trusts Berth's CA for Docker Hub's name only.
						`BERTH_HUB_CA=${this.#hubCa}`
					],
					HostConfig: {
						// What a nested dockerd needs and no more. Root in the engine is an
						// unprivileged host uid (userns-remap), so these act only on the
						// engine's own namespaces. SYS_PTRACE lets runc enter nested
						// containers that run as another user (docker exec into postgres).
						CapAdd: ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE'],
						// Docker's default profile plus keyctl, add_key, request_key, pivot_root.
						SecurityOpt: [`seccomp=${this.#seccomp}`],
						// The engine's disk (disk.ts): its images and containers, and the
						// learner's home, on a loop-mounted filesystem whose size is the quota.
						// (overlay2 could not stack on the engine's own overlay root anyway.)
						Mounts: [
							{ Type: 'bind', Source: disk.dockerDir, Target: '/var/lib/docker' },
							{ Type: 'bind', Source: disk.homeDir, Target: '/root' }
						],
						// Nothing else is writable but memory-backed tmpfs, which the memory
						// limit bounds: a learner cannot fill the host's disk from an engine.
						ReadonlyRootfs: true,
						Tmpfs: {
							'/tmp': 'rw,nosuid,nodev,size=256m',
							'/run': 'rw,nosuid,nodev,size=64m',
							'/var/log': 'rw,nosuid,nodev,size=32m',
							'/etc/docker': 'rw,nosuid,nodev,size=1m'
						},
						// Limits on the engine hold for everything inside it: nested limits are
						// ignored on this cgroup v1 host, these are not.
						Memory: limits.memoryBytes,
						MemorySwap: limits.memoryBytes, // no swap on top
						NanoCpus: Math.round(limits.cpus * 1e9),
						PidsLimit: limits.pids,
						// Forwarding in the engine's own network namespace, for nested containers.
						Sysctls: { 'net.ipv4.ip_forward': '1' },
						// Engines may reach no DNS server (only Berth's registry). Pointing them at
						// their own loopback, where nothing listens, makes lookups of Docker Hub's
						// names fail at once instead of after two 5 s timeouts on every pull.
						Dns: ['127.0.0.1'],
						// Berth's registry gateway answers for its own name and for Docker Hub's.
						ExtraHosts: ['registry.berth', 'registry-1.docker.io', 'index.docker.io'].map(
							(name) => `${name}:${this.#config.registryAddress}`
						),
						RestartPolicy: { Name: 'no' },
						LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } }
					}
				}
			});
		} catch (error) {
			await this.#disks.remove(spec.sessionId).catch(() => {});
			throw error;
		}
		try {
			await this.docker.request('POST', `/containers/${created.Id}/start`);
			const { engine, pid, mac } = await this.#inspect(created.Id);
			if (!engine.ip || !mac) throw new Error(`engine ${created.Id.slice(0, 12)} has no address`);
			await pinAddress({
				netns: this.#config.netns,
				bridge: this.#config.bridge,
				pid,
				mac,
				ip: engine.ip
			});
			await this.#waitReady(engine);
			return engine;
		} catch (error) {
			await this.remove(created.Id).catch(() => {});
			throw error;
		}
	}

	async remove(engine: Engine | string): Promise<void> {
		const id = typeof engine === 'string' ? engine : engine.id;
		let known = typeof engine === 'string' ? undefined : engine;
		if (!known)
			known = await this.#inspect(id).then(
				(i) => i.engine,
				() => undefined
			);
		this.#apis.get(id)?.close();
		this.#apis.delete(id);
		await this.docker
			.request('DELETE', `/containers/${id}`, { query: { force: true, v: true } })
			.catch(ignoreNotFound);
		if (known?.ip) await unpinAddress(this.#config.netns, this.#config.bridge, known.ip);
		if (known?.sessionId) await this.#disks.remove(known.sessionId);
	}

	async list(): Promise<Engine[]> {
		const filters = JSON.stringify({
			label: [
				`${LABELS.managed}=true`,
				`${LABELS.role}=engine`,
				`${LABELS.instance}=${this.#config.instance}`
			]
		});
		const containers = await this.docker.request<ContainerSummary[]>('GET', '/containers/json', {
			query: { all: true, filters }
		});
		return containers.map((c) => ({
			id: c.Id,
			sessionId: c.Labels[LABELS.session] ?? '',
			ip: Object.values(c.NetworkSettings?.Networks ?? {})[0]?.IPAddress ?? '',
			createdAt: new Date(c.Created * 1000),
			running: c.State === 'running'
		}));
	}

	async sweep(keep: ReadonlySet<string>): Promise<number> {
		let removed = 0;
		for (const engine of await this.list()) {
			if (keep.has(engine.sessionId)) continue;
			await this.remove(engine);
			removed++;
		}
		// Disks left behind by an engine removed halfway (a crash, a kill -9).
		for (const sessionId of this.#disks.list()) {
			if (keep.has(sessionId)) continue;
			await this.#disks.remove(sessionId);
			removed++;
		}
		return removed;
	}

	exec(engine: Engine, options: ExecOptions): Promise<ExecResult> {
		return execCollect(this.docker, engine.id, options);
	}

	openShell(engine: Engine, size: TerminalSize): Promise<Shell> {
		return execShell(this.docker, engine.id, size);
	}

	engineApi(engine: Engine): DockerClient {
		let api = this.#apis.get(engine.id);
		if (!api) {
			api = new DockerClient({ host: engine.ip, port: ENGINE_API_PORT, timeoutMs: 10_000 });
			this.#apis.set(engine.id, api);
		}
		return api;
	}

	async memoryUsage(engine: Engine): Promise<number> {
		const stats = await this.docker.request<{
			memory_stats: { usage?: number; stats?: { total_inactive_file?: number } };
		}>('GET', `/containers/${engine.id}/stats`, { query: { stream: false, 'one-shot': true } });
		const { usage = 0, stats: detail } = stats.memory_stats;
		// The working set, as `docker stats` shows it: page cache that can be dropped is not counted.
		return usage - (detail?.total_inactive_file ?? 0);
	}

	close(): void {
		for (const api of this.#apis.values()) api.close();
		this.docker.close();
	}

	async #inspect(id: string): Promise<{ engine: Engine; pid: number; mac: string }> {
		const info = await this.docker.request<{
			Id: string;
			Created: string;
			State: { Running: boolean; Pid: number };
			Config: { Labels: Record<string, string> };
			NetworkSettings: { Networks: Record<string, { IPAddress: string; MacAddress: string }> };
		}>('GET', `/containers/${id}/json`);
		// A stopped engine has no address; removal still needs its session id.
		const network = Object.values(info.NetworkSettings.Networks)[0];
		return {
			engine: {
				id: info.Id,
				sessionId: info.Config.Labels[LABELS.session] ?? '',
				ip: network?.IPAddress ?? '',
				createdAt: new Date(info.Created),
				running: info.State.Running
			},
			pid: info.State.Pid,
			mac: network?.MacAddress ?? ''
		};
	}

	/** Polls the nested dockerd until it answers: that is when a learner can use it. */
	async #waitReady(engine: Engine): Promise<void> {
		const api = this.engineApi(engine);
		const deadline = Date.now() + READY_TIMEOUT_MS;
		let last: unknown;
		while (Date.now() < deadline) {
			try {
				await api.request('GET', '/_ping', { timeoutMs: 1000 });
				return;
			} catch (error) {
				last = error;
				await new Promise((r) => setTimeout(r, 20));
			}
		}
		throw new Error(
			`engine ${engine.id.slice(0, 12)} did not start its Docker daemon within ${READY_TIMEOUT_MS / 1000} s`,
			{
				cause: last
			}
		);
	}
}

function readIfPresent(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		console.warn(
			`sandbox: ${file} is missing; engines cannot pull Berth's catalog (run sandbox/host/setup.sh)`
		);
		return '';
	}
}

function ignoreNotFound(error: unknown): void {
	if (error instanceof DockerError && error.statusCode === 404) return;
	throw error;
}
