import path from 'node:path';
import { loadServiceToken } from '../client/token';

/** Resource limits of one engine: everything the learner runs stays inside them. */
export interface EngineLimits {
	memoryBytes: number;
	/** CPU time, in CPUs (1.0 = one core). */
	cpus: number;
	pids: number;
	/** Size of the engine's disk (images, containers, volumes, the learner's home). */
	diskBytes: number;
}

export interface SandboxConfig {
	host: string;
	port: number;
	/** The bearer token the site uses. */
	token: string;
	dataDir: string;
	/** Berth's own Docker daemon (see sandbox/host/config.sh). */
	dockerSocket: string;
	engineImage: string;
	/** The host's address on the link to Berth's network namespace. */
	hostLinkIp: string;
	/** The registry as engines reach it, host:port. */
	registry: string;
	/** Engines kept started and unclaimed, ready for the next session. */
	poolSize: number;
	/** Sessions at once; beyond it, creating one answers 503. */
	maxSessions: number;
	idleTimeoutMs: number;
	maxLifetimeMs: number;
	limits: EngineLimits;
	/** Distinguishes this service's objects from another's on the same daemon. */
	instance: string;
	/** Where engines' disk images are kept (a directory per instance below it). */
	enginesDir: string;
	/** The userns-remap user of Berth's daemon (sandbox/host/config.sh). */
	remapUser: string;
	/** Berth's network namespace and the engines' bridge in it (sandbox/host/netns.sh). */
	netns: string;
	bridge: string;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0)
		throw new Error(`${name} must be a non-negative number, not "${raw}"`);
	return value;
}

export function readSandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
	const dataDir = path.resolve(env.BERTH_DATA_DIR || 'data');
	const instance = env.SANDBOX_INSTANCE || 'default';
	// It names directories and labels: keep it plain.
	if (!/^[a-z0-9_-]{1,40}$/.test(instance)) {
		throw new Error(`SANDBOX_INSTANCE must be 1-40 of a-z, 0-9, _ and -, not "${instance}"`);
	}
	return {
		host: env.SANDBOX_HOST || '127.0.0.1',
		port: int(env, 'SANDBOX_PORT', 7070),
		token: loadServiceToken(env, dataDir),
		dataDir,
		dockerSocket: env.BERTH_SOCK || '/run/berth/docker.sock',
		engineImage: env.BERTH_ENGINE_IMAGE || 'berth/engine:latest',
		hostLinkIp: env.BERTH_HOST_IP || '10.213.255.1',
		registry: env.BERTH_REGISTRY || '10.213.255.2:5000',
		poolSize: int(env, 'SANDBOX_POOL_SIZE', 2),
		maxSessions: int(env, 'SANDBOX_MAX_SESSIONS', 150),
		idleTimeoutMs: int(env, 'SANDBOX_IDLE_TIMEOUT', 30 * 60) * 1000,
		maxLifetimeMs: int(env, 'SANDBOX_MAX_LIFETIME', 4 * 3600) * 1000,
		limits: {
			memoryBytes: int(env, 'SANDBOX_ENGINE_MEMORY_MB', 1024) * MiB,
			cpus: int(env, 'SANDBOX_ENGINE_CPUS', 1),
			pids: int(env, 'SANDBOX_ENGINE_PIDS', 1024),
			diskBytes: env.SANDBOX_ENGINE_DISK_MB
				? int(env, 'SANDBOX_ENGINE_DISK_MB', 0) * MiB
				: int(env, 'SANDBOX_ENGINE_DISK_GB', 8) * GiB
		},
		instance,
		enginesDir: env.BERTH_ENGINES_DIR || '/var/lib/berth/engines',
		remapUser: env.BERTH_REMAP_USER || 'berth-remap',
		netns: `/run/netns/${env.BERTH_NETNS || 'berth'}`,
		bridge: env.BERTH_BRIDGE || 'berth0'
	};
}
