import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { SandboxClient } from '../../sandbox/client';
import { readSandboxConfig } from '../../sandbox/src/config';
import { DockerEngineDriver } from '../../sandbox/src/engine/docker-driver';
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

/**
 * Removes everything of a test instance from Berth's daemon: the driver's own
 * sweep with nothing to keep (engines, their disks, their pinned addresses).
 */
export async function removeInstance(instance: string): Promise<void> {
	const config = readSandboxConfig({
		...process.env,
		BERTH_DATA_DIR: os.tmpdir(),
		SANDBOX_TOKEN: 'unused-when-removing-a-test-instance',
		SANDBOX_INSTANCE: instance
	});
	const driver = new DockerEngineDriver(config);
	try {
		await driver.sweep(new Set());
	} finally {
		driver.close();
	}
	fs.rmSync(path.join(config.enginesDir, instance), { recursive: true, force: true });
}

/**
 * Starts a sandbox service for a test file, under an instance of its own
 * (`test-<label>-<time>`), and after the file stops it and removes everything
 * of that instance.
 */
export function useSandbox(
	label: string,
	options: { env?: NodeJS.ProcessEnv } = {}
): () => SandboxService {
	const instance = `test-${label}-${Date.now().toString(36)}`;
	let service: SandboxService | undefined;
	beforeAll(async () => {
		service = await startSandbox({ instance, env: options.env });
	});
	afterAll(async () => {
		// A 500 says only "something went wrong": the service's own log says what.
		const failures = service?.output().match(/sandbox: .* failed[\s\S]{0,1500}/g);
		if (failures) console.error(`sandbox service (${label}) reported:\n${failures.join('\n')}`);
		await service?.stop();
		await removeInstance(instance);
	});
	return () => {
		if (!service)
			throw new Error('the sandbox is not started yet (use it inside a test or a later hook)');
		return service;
	};
}
