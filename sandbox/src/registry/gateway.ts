import http from 'node:http';
import https from 'node:https';
import { decide, type Face } from './access';
import type { RegistryCredentials } from './credentials';

/**
 * The registry gateway: what engines talk to instead of the registry itself.
 * It decides each request (access.ts), then passes it through to Debian's
 * registry (CNCF distribution) unchanged, streaming both ways. Denials come
 * back in the registry's own error format, so `docker` prints our message.
 * https://distribution.github.io/distribution/spec/api/#errors
 */
export interface GatewayOptions {
	face: Face;
	/** The real registry, reachable from the host only, e.g. http://10.213.255.2:5000. */
	upstream: string;
	credentials: RegistryCredentials;
	/** For the Docker Hub face: a certificate for registry-1.docker.io signed by Berth's CA. */
	tls?: { cert: string; key: string };
}

export function createRegistryGateway(options: GatewayOptions): http.Server {
	const upstream = new URL(options.upstream);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

	const handler: http.RequestListener = (req, res) => {
		const url = new URL(req.url ?? '/', 'http://gateway');
		const namespace = options.credentials.verify(req.headers.authorization);
		const decision = decide({
			face: options.face,
			method: req.method ?? 'GET',
			path: url.pathname,
			namespace
		});
		if (!decision.allow) {
			const body = JSON.stringify({
				errors: [{ code: decision.code, message: decision.message, detail: null }]
			});
			const headers: http.OutgoingHttpHeaders = {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(body),
				'docker-distribution-api-version': 'registry/2.0'
			};
			if (decision.status === 401) headers['www-authenticate'] = 'Basic realm="registry.berth"';
			res.writeHead(decision.status, headers);
			res.end(body);
			return;
		}

		const headers = { ...req.headers };
		delete headers.authorization; // the registry itself has no users: the gateway decided
		const forward = http.request({
			host: upstream.hostname,
			port: upstream.port,
			method: req.method,
			path: url.pathname + url.search,
			headers,
			agent
		});
		forward.on('response', (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		forward.on('error', (error) => {
			if (res.headersSent) return void res.destroy();
			const body = JSON.stringify({
				errors: [
					{ code: 'UNAVAILABLE', message: `Berth's registry is unavailable: ${error.message}` }
				]
			});
			res.writeHead(503, { 'content-type': 'application/json' });
			res.end(body);
		});
		req.pipe(forward);
	};

	const server = options.tls
		? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
		: http.createServer(handler);
	// Large layers upload slowly on two cores; don't cut them off.
	server.requestTimeout = 0;
	server.on('close', () => agent.destroy());
	return server;
}
