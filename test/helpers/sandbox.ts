import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SandboxClient } from '../../sandbox/client';
import { startServerProcess } from './server-process';

export interface SandboxService {
	url: string;
	token: string;
	client: SandboxClient;
	dataDir: string;
	output(): string;
	/** SIGTERM, as an operator's restart would. Engines keep running. */
	stop(): Promise<void>;
}

/**
 * Starts the real sandbox service (sandbox/src/main.ts) on a free port with
 * its own data directory and instance label, against Berth's Docker daemon,
 * which `npm test` prepares with sandbox/host/setup.sh.
 */
export async function startSandbox(
	options: {
		env?: NodeJS.ProcessEnv;
		dataDir?: string;
		instance?: string;
	} = {}
): Promise<SandboxService> {
	const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sandbox-'));
	const token = `test-token-${Math.random().toString(36).slice(2)}-${Date.now()}`;
	const server = await startServerProcess({
		name: 'sandbox',
		script: 'sandbox/src/main.ts',
		env: {
			...process.env,
			SANDBOX_PORT: '0',
			SANDBOX_TOKEN: token,
			SANDBOX_POOL_SIZE: '1',
			SANDBOX_INSTANCE: options.instance ?? `test-${path.basename(dataDir)}`,
			BERTH_DATA_DIR: dataDir,
			...options.env
		}
	});
	const url = server.url;
	return {
		url,
		token,
		dataDir,
		client: new SandboxClient({ url, token, timeoutMs: 120_000 }),
		output: server.output,
		stop: server.stop
	};
}

/** Removes every engine and volume of a test instance, straight from Berth's daemon. */
export async function removeInstance(instance: string): Promise<void> {
	const { DockerClient } = await import('../../sandbox/src/docker/client');
	const docker = new DockerClient({
		socketPath: process.env.BERTH_SOCK || '/run/berth/docker.sock'
	});
	const filters = JSON.stringify({ label: [`org.berth.instance=${instance}`] });
	const containers = await docker.request<{ Id: string }[]>('GET', '/containers/json', {
		query: { all: true, filters }
	});
	await Promise.all(
		containers.map((c) =>
			docker
				.request('DELETE', `/containers/${c.Id}`, { query: { force: true, v: true } })
				.catch(() => {})
		)
	);
	const volumes = await docker.request<{ Volumes: { Name: string }[] | null }>('GET', '/volumes', {
		query: { filters }
	});
	// Their disks: loop-mounted images under the instance's directory.
	const { LoopDisks, remapRoot } = await import('../../sandbox/src/engine/disk');
	const { readHostConfig } = await import('../../sandbox/src/config');
	const host = readHostConfig();
	const disks = new LoopDisks({
		root: `${host.enginesDir}/${instance}`,
		bytes: 0,
		...remapRoot(host.remapUser)
	});
	for (const session of disks.list()) await disks.remove(session);
	await import('node:fs').then((fs) =>
		fs.rmSync(`${host.enginesDir}/${instance}`, { recursive: true, force: true })
	);
	await Promise.all(
		(volumes.Volumes ?? []).map((v) =>
			docker.request('DELETE', `/volumes/${v.Name}`, { query: { force: true } }).catch(() => {})
		)
	);
	docker.close();
}
