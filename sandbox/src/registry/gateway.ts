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
			const manifest = /^\/v2\/library\/([^/]+)\/manifests\/([^/]+)$/.exec(url.pathname);
			if (options.face === 'hub' && answer.statusCode === 404 && manifest) {
				// Docker Hub would not know this image either, but say it in Berth's words.
				answer.resume();
				void explainMissing(upstream, manifest[1]!, manifest[2]!).then((message) => {
					const body = JSON.stringify({
						errors: [{ code: 'MANIFEST_UNKNOWN', message, detail: null }]
					});
					res.writeHead(404, {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body)
					});
					res.end(req.method === 'HEAD' ? undefined : body);
				});
				return;
			}
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

/** "Berth has no image mongo ..." or "Berth has redis, but not redis:2 ...", with what there is. */
async function explainMissing(upstream: URL, name: string, reference: string): Promise<string> {
	const get = async <T>(path: string): Promise<T | null> => {
		try {
			const res = await fetch(new URL(path, upstream), { signal: AbortSignal.timeout(3000) });
			return res.ok ? ((await res.json()) as T) : null;
		} catch {
			return null;
		}
	};
	const tags = await get<{ tags: string[] | null }>(`/v2/library/${name}/tags/list`);
	if (tags?.tags?.length) {
		const list = [...tags.tags].sort().join(', ');
		return `Berth has ${name}, but not ${name}:${reference}. Its tags: ${list}`;
	}
	const catalog = await get<{ repositories: string[] }>('/v2/_catalog?n=1000');
	const images = (catalog?.repositories ?? [])
		.filter((r) => r.startsWith('library/'))
		.map((r) => r.slice('library/'.length))
		.sort();
	return `Berth has no image ${name} (there is no internet here). Images you can use: ${images.join(', ')}`;
}
