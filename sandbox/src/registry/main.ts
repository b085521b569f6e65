/**
 * The registry gateway, one per host, started by sandbox/host/gateway.sh
 * (part of setup.sh). Engines reach it through DNAT in Berth's namespace
 * (firewall.sh); it decides every request and forwards allowed ones to
 * Debian's registry. See access.ts for the rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readHostConfig } from '../config';
import { loadRegistrySecret, RegistryCredentials } from './credentials';
import { createRegistryGateway } from './gateway';

const config = readHostConfig();
const credentials = new RegistryCredentials(loadRegistrySecret(config.registrySecretFile));
const tls = (name: string) => fs.readFileSync(path.join(config.registryTlsDir, name), 'utf8');

const faces = [
	{ port: config.gatewayPorts.berth, face: 'berth' as const, tls: undefined },
	{
		port: config.gatewayPorts.hub,
		face: 'hub' as const,
		tls: { cert: tls('hub.crt'), key: tls('hub.key') }
	}
];
const servers = faces.map(({ port, face, tls }) => {
	const server = createRegistryGateway({
		face,
		upstream: config.registryUpstream,
		credentials,
		tls
	});
	server.on('error', (error) => {
		console.error(
			`gateway: cannot serve the ${face} face on ${config.hostLinkIp}:${port}: ${error.message}`
		);
		process.exit(1);
	});
	server.listen(port, config.hostLinkIp, () =>
		console.log(
			`gateway: ${face} face on ${config.hostLinkIp}:${port} → ${config.registryUpstream}`
		)
	);
	return server;
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => {
		for (const server of servers) server.close();
		process.exit(0);
	});
}
