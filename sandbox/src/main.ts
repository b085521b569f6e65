/**
 * The sandbox service: one private Docker engine per learner session, behind
 * an HTTP and WebSocket API (docs/sandbox-api.md). Runs on the Linux host
 * that carries the engines, after sandbox/host/setup.sh has prepared it.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createSandboxServer } from './api/server';
import { readSandboxConfig } from './config';
import { DockerEngineDriver } from './engine/docker-driver';
import { SessionManager } from './sessions/manager';
import { SessionStore } from './sessions/store';
import { TerminalHub } from './terminal/hub';

const config = readSandboxConfig();
const driver = new DockerEngineDriver(config);

try {
	await driver.docker.request('GET', '/_ping', { timeoutMs: 3000 });
} catch (cause) {
	console.error(
		`sandbox: Berth's Docker daemon does not answer at ${config.dockerSocket}.\n` +
			'  Run sandbox/host/setup.sh as root (npm start does it for you).',
		cause instanceof Error ? cause.message : cause
	);
	process.exit(1);
}

const manager = new SessionManager({ driver, config, store: new SessionStore(config.dataDir) });
await manager.start();
const terminals = new TerminalHub({
	driver,
	recordingsDir: path.join(config.dataDir, 'recordings')
});
const server = createSandboxServer({ config, manager, driver, terminals });

server.listen(config.port, config.host, () => {
	const { port } = server.address() as AddressInfo;
	console.log(
		`sandbox: listening on http://${config.host}:${port} ` +
			`(${manager.size} sessions re-adopted, pool of ${config.poolSize} filling)`
	);
});

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(
		`sandbox: ${signal}, shutting down; engines keep running and are re-adopted on the next start`
	);
	setTimeout(() => process.exit(1), 10_000).unref();
	manager.stop();
	await terminals.closeAll();
	server.close();
	server.closeAllConnections();
	driver.close();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
