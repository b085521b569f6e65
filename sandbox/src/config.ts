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
	/** The registry itself, reached from the host only (the gateway forwards to it). */
	registryUpstream: string;
	/** Where engines reach the gateway (Berth's namespace address, DNAT'd to the host). */
	registryAddress: string;
	/** The gateway's ports on the host's end of the link: Berth's face and the Docker Hub face. */
	gatewayPorts: { berth: number; hub: number };
	/** Berth's CA and the Docker Hub certificate (sandbox/host/registry-tls.sh). */
	registryTlsDir: string;
	/** The host's secret for learners' registry passwords, shared with the gateway. */
	registrySecretFile: string;
	/** Engines kept started and unclaimed, ready for the next session. */
	poolSize: number;
	/** Images pulled into pool engines before a learner gets them (the first lessons' images). */
	poolPrepull: string[];
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

/**
 * The host's side of Berth (sandbox/host/config.sh): shared by the sandbox
 * services and the registry gateway. The defaults match config.sh.
 */
export function readHostConfig(env: NodeJS.ProcessEnv = process.env) {
	return {
		dockerSocket: env.BERTH_SOCK || '/run/berth/docker.sock',
		hostLinkIp: env.BERTH_HOST_IP || '10.213.255.1',
		registryUpstream: env.BERTH_REGISTRY_UPSTREAM || 'http://10.213.255.2:5000',
		registryAddress: env.BERTH_NS_IP || '10.213.255.2',
		gatewayPorts: {
			berth: int(env, 'BERTH_GATEWAY_PORT', 15000),
			hub: int(env, 'BERTH_GATEWAY_HUB_PORT', 15443)
		},
		registryTlsDir: env.BERTH_REGISTRY_TLS || '/var/lib/berth/registry-tls',
		registrySecretFile: env.BERTH_REGISTRY_SECRET || '/var/lib/berth/registry-secret',
		enginesDir: env.BERTH_ENGINES_DIR || '/var/lib/berth/engines',
		remapUser: env.BERTH_REMAP_USER || 'berth-remap',
		netns: `/run/netns/${env.BERTH_NETNS || 'berth'}`,
		bridge: env.BERTH_BRIDGE || 'berth0'
	};
}

export function readSandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
	const dataDir = path.resolve(env.BERTH_DATA_DIR || 'data');
	const instance = env.SANDBOX_INSTANCE || 'default';
	// It names directories and labels: keep it plain.
	if (!/^[a-z0-9_-]{1,40}$/.test(instance)) {
		throw new Error(`SANDBOX_INSTANCE must be 1-40 of a-z, 0-9, _ and -, not "${instance}"`);
	}
	return {
		...readHostConfig(env),
		host: env.SANDBOX_HOST || '127.0.0.1',
		port: int(env, 'SANDBOX_PORT', 7070),
		token: loadServiceToken(env, dataDir),
		dataDir,
		engineImage: env.BERTH_ENGINE_IMAGE || 'berth/engine:latest',
		poolSize: int(env, 'SANDBOX_POOL_SIZE', 2),
		poolPrepull: (env.SANDBOX_POOL_PREPULL ?? 'busybox,nginx')
			.split(',')
			.map((image) => image.trim())
			.filter(Boolean),
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
		instance
	};
}
