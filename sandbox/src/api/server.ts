import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { SandboxConfig } from '../config';
import type { EngineDriver } from '../engine/driver';
import { ApiError, badRequest } from '../errors';
import type { Session, SessionManager } from '../sessions/manager';
import { collectState } from '../state/collect';
import type { TerminalHub } from '../terminal/hub';
import { MAX_FILE_BYTES, readHomeFile, writeHomeFile } from './files';
import { readJson, readRaw, sendError, sendJson } from './http';
import { metricsText } from './metrics';
import { proxyHttp, proxyUpgrade } from './preview';
import { Router, type RouteContext } from './router';
import { BrowserTokens, sameSecret, type TokenPurpose } from './tokens';
import { isNamespace } from '../registry/access';
import { loadRegistrySecret, RegistryCredentials } from '../registry/credentials';

export interface SandboxServerOptions {
	config: SandboxConfig;
	manager: SessionManager;
	driver: EngineDriver;
	terminals: TerminalHub;
}

type Caller = { kind: 'service' } | { kind: 'browser'; sessionId: string; purpose: TokenPurpose };

const createBody = z.object({
	owner: z.string().min(1).max(200).describe("The site's id for the learner"),
	namespace: z
		.string()
		.refine(
			isNamespace,
			'must be lower-case letters, digits and single . _ - between them, at most 40, not library'
		)
		.optional()
		.describe("The learner's namespace in Berth's registry"),
	prepull: z
		.array(z.string().min(1).max(200))
		.max(20)
		.optional()
		.describe('Images to pull in the background')
});
const execBody = z.object({
	cmd: z.array(z.string().max(65_536)).min(1).max(256).describe('The command and its arguments'),
	timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
	stdin: z
		.string()
		.max(1024 * 1024)
		.optional()
});
const extendBody = z.object({
	minutes: z
		.number()
		.int()
		.min(1)
		.max(24 * 60)
		.default(30)
});
const tokenBody = z.object({
	purpose: z.enum(['terminal', 'preview']),
	ttlSeconds: z
		.number()
		.int()
		.min(10)
		.max(24 * 3600)
		.default(300)
});

/** The sandbox service's HTTP and WebSocket API (docs/sandbox-api.md). */
export function createSandboxServer(options: SandboxServerOptions): http.Server {
	const { config, manager, driver, terminals } = options;
	const tokens = new BrowserTokens(config.token);
	const credentials = new RegistryCredentials(loadRegistrySecret(config.registrySecretFile));
	const describe = (session: Session) => sessionJson(session, config, credentials);
	const wss = new WebSocketServer({
		noServer: true,
		perMessageDeflate: false,
		maxPayload: 1024 * 1024
	});
	// A dropped connection sends no close: ping every 15 s, and end a socket
	// that did not answer the previous ping.
	const alive = new WeakSet<WebSocket>();
	wss.on('connection', (ws) => {
		alive.add(ws);
		ws.on('pong', () => alive.add(ws));
	});
	const heartbeat = setInterval(() => {
		for (const ws of wss.clients) {
			if (!alive.has(ws)) ws.terminate();
			else {
				alive.delete(ws);
				ws.ping();
			}
		}
	}, 15_000).unref();
	wss.on('close', () => clearInterval(heartbeat));
	manager.on('ended', (session, reason) =>
		terminals.closeSession(session.record.id, `session ${reason}`)
	);

	const sessionOf = (ctx: RouteContext): Session => {
		const session = manager.get(ctx.params.id!);
		manager.touch(session.record.id);
		return session;
	};

	const router = new Router()
		.on('GET', '/healthz', ({ res }) =>
			sendJson(res, 200, { ok: true, sessions: manager.size, pool: manager.poolSize })
		)
		.on('GET', '/metrics', ({ res }) => {
			res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
			res.end(metricsText(manager, terminals));
		})
		.on('POST', '/v1/sessions', async ({ req, res }) => {
			const body = await readJson(req, createBody);
			sendJson(res, 201, describe(await manager.create(body)));
		})
		.on('GET', '/v1/sessions', ({ res, url }) => {
			const owner = url.searchParams.get('owner');
			const sessions = manager.list().filter((s) => !owner || s.record.owner === owner);
			sendJson(res, 200, { sessions: sessions.map(describe) });
		})
		.on('GET', '/v1/sessions/:id', (ctx) =>
			sendJson(ctx.res, 200, describe(manager.get(ctx.params.id!)))
		)
		.on('DELETE', '/v1/sessions/:id', async ({ res, params }) => {
			await manager.delete(params.id!);
			res.writeHead(204).end();
		})
		.on('POST', '/v1/sessions/:id/extend', async (ctx) => {
			const { minutes } = await readJson(ctx.req, extendBody);
			sendJson(ctx.res, 200, describe(manager.extend(ctx.params.id!, minutes * 60_000)));
		})
		.on('POST', '/v1/sessions/:id/exec', async (ctx) => {
			const session = sessionOf(ctx);
			const body = await readJson(ctx.req, execBody);
			const result = await driver.exec(session.engine, {
				cmd: body.cmd,
				timeoutMs: body.timeoutMs,
				stdin: body.stdin
			});
			sendJson(ctx.res, 200, result);
		})
		.on('GET', '/v1/sessions/:id/state', async (ctx) => {
			const session = sessionOf(ctx);
			sendJson(ctx.res, 200, await collectState(driver.engineApi(session.engine)));
		})
		.on('GET', '/v1/sessions/:id/registry', async (ctx) => {
			const session = sessionOf(ctx);
			sendJson(
				ctx.res,
				200,
				await listNamespace(config.registryUpstream, session.record.namespace)
			);
		})
		.on('GET', '/v1/sessions/:id/events', async (ctx) => {
			const session = sessionOf(ctx);
			const since = ctx.url.searchParams.get('since') ?? undefined;
			const upstream = await driver
				.engineApi(session.engine)
				.stream('GET', '/events', { query: { since } });
			ctx.res.writeHead(200, {
				'content-type': 'application/x-ndjson',
				'cache-control': 'no-store'
			});
			ctx.res.flushHeaders();
			upstream.pipe(ctx.res);
			// The stream ends with the session, or when the client goes away:
			// either way, let go of the engine's stream and of the listener.
			const onEnded = (ended: Session) => {
				if (ended.record.id === session.record.id) ctx.res.end();
			};
			manager.on('ended', onEnded);
			ctx.req.on('close', () => {
				upstream.destroy();
				manager.off('ended', onEnded);
			});
		})
		.on('GET', '/v1/sessions/:id/files', async (ctx) => {
			const session = sessionOf(ctx);
			const result = await readHomeFile(driver, session.engine, ctx.url.searchParams.get('path'));
			if (result.kind === 'directory')
				return sendJson(ctx.res, 200, {
					path: result.path,
					type: 'directory',
					entries: result.entries
				});
			ctx.res.writeHead(200, {
				'content-type': 'application/octet-stream',
				'content-length': result.content.length,
				'x-berth-path': result.path
			});
			ctx.res.end(result.content);
		})
		.on('PUT', '/v1/sessions/:id/files', async (ctx) => {
			const session = sessionOf(ctx);
			const content = await readRaw(ctx.req, MAX_FILE_BYTES);
			const file = await writeHomeFile(
				driver,
				session.engine,
				ctx.url.searchParams.get('path'),
				content
			);
			sendJson(ctx.res, 200, { path: file, bytes: content.length });
		})
		.on('POST', '/v1/sessions/:id/tokens', async (ctx) => {
			const session = manager.get(ctx.params.id!);
			const { purpose, ttlSeconds } = await readJson(ctx.req, tokenBody);
			const expiresAt = Date.now() + ttlSeconds * 1000;
			const token = tokens.issue({ sessionId: session.record.id, purpose, expiresAt });
			sendJson(ctx.res, 201, { token, purpose, expiresAt: new Date(expiresAt).toISOString() });
		})
		.on('GET', '/v1/recordings/:id', ({ res, params }) => {
			const recordings = terminals.recordings(params.id!).map(({ tab, file, bytes }) => ({
				tab,
				name: path.basename(file, '.cast'),
				bytes
			}));
			sendJson(res, 200, { recordings });
		})
		.on('GET', '/v1/recordings/:id/:name', ({ res, params }) => {
			// A tab re-opened after a restart has several: main, main.2, ...
			const found = terminals
				.recordings(params.id!)
				.find((r) => path.basename(r.file, '.cast') === params.name);
			if (!found)
				throw new ApiError(404, 'not_found', `No recording ${params.name} in session ${params.id}`);
			res.writeHead(200, {
				'content-type': 'application/x-asciicast',
				'content-length': found.bytes
			});
			// The tab may still be recording: send exactly the bytes the length promised.
			if (found.bytes === 0) res.end();
			else fs.createReadStream(found.file, { end: found.bytes - 1 }).pipe(res);
		})
		.on('*', '/v1/sessions/:id/preview/:port/*', (ctx) => {
			const session = sessionOf(ctx);
			proxyHttp(
				ctx.req,
				ctx.res,
				previewTarget(session, ctx.params.port!, ctx.params.rest!, ctx.url)
			);
		});

	/** Routes a browser token may use, and for what. */
	const browserRoutes: [RegExp, TokenPurpose][] = [
		[/^\/v1\/sessions\/([^/]+)\/terminal$/, 'terminal'],
		[/^\/v1\/sessions\/([^/]+)\/preview\//, 'preview']
	];

	function authenticate(req: http.IncomingMessage, url: URL): Caller {
		const header = req.headers.authorization;
		const presented = header?.startsWith('Bearer ')
			? header.slice(7).trim()
			: url.searchParams.get('token');
		if (!presented)
			throw new ApiError(401, 'unauthorized', 'Missing Authorization: Bearer <token>');
		if (sameSecret(presented, config.token)) return { kind: 'service' };
		const claims = tokens.verify(presented);
		if (!claims) throw new ApiError(401, 'unauthorized', 'The token is wrong or has expired');
		for (const [pattern, purpose] of browserRoutes) {
			const m = pattern.exec(url.pathname);
			if (m && m[1] === claims.sessionId && claims.purpose === purpose)
				return { kind: 'browser', ...claims };
		}
		throw new ApiError(403, 'forbidden', 'This token is not valid for this session or route');
	}

	const server = http.createServer(async (req, res) => {
		try {
			const url = new URL(req.url ?? '/', 'http://sandbox');
			authenticate(req, url);
			const found = router.match(req.method ?? 'GET', url.pathname);
			if ('status' in found) {
				if (found.status === 405) res.setHeader('allow', found.allow!.join(', '));
				throw new ApiError(
					found.status,
					found.status === 404 ? 'not_found' : 'method_not_allowed',
					`${req.method} ${url.pathname} is not part of the API`
				);
			}
			await found.handler({ req, res, url, params: found.params });
		} catch (error) {
			respondError(res, error, req);
		}
	});

	server.on('upgrade', async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
		try {
			const url = new URL(req.url ?? '/', 'http://sandbox');
			authenticate(req, url);
			const terminal = /^\/v1\/sessions\/([^/]+)\/terminal$/.exec(url.pathname);
			const preview = /^\/v1\/sessions\/([^/]+)\/preview\/([^/]+)\/(.*)$/.exec(url.pathname);
			if (terminal) {
				const session = manager.get(decodeURIComponent(terminal[1]!));
				const size = {
					cols: clampInt(url.searchParams.get('cols'), 80, 1, 1000),
					rows: clampInt(url.searchParams.get('rows'), 24, 1, 1000)
				};
				const tab = url.searchParams.get('tab') ?? 'main';
				wss.handleUpgrade(req, socket, head, (ws) => {
					wss.emit('connection', ws, req);
					void terminals.attach(ws, session, tab, size, () => manager.touch(session.record.id));
				});
			} else if (preview) {
				const session = manager.get(decodeURIComponent(preview[1]!));
				proxyUpgrade(req, socket, head, previewTarget(session, preview[2]!, preview[3]!, url));
			} else {
				throw new ApiError(404, 'not_found', `No WebSocket at ${url.pathname}`);
			}
		} catch (error) {
			const apiError = toApiError(error);
			socket.end(
				`HTTP/1.1 ${apiError.status} ${http.STATUS_CODES[apiError.status]}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n` +
					JSON.stringify({ error: { code: apiError.code, message: apiError.message } })
			);
		}
	});

	return server;
}

function previewTarget(session: Session, rawPort: string, rest: string, url: URL) {
	const port = Number(rawPort);
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		throw badRequest(`port: ${rawPort} is not a port number (1-65535)`);
	const query = new URLSearchParams(url.search);
	query.delete('token');
	const qs = query.size ? `?${query}` : '';
	return { host: session.engine.ip, port, path: `/${rest}${qs}` };
}

/**
 * A namespace's repositories, tags, and each tag's image (its config digest,
 * which is the image id `docker images` shows), read from the registry itself
 * (the service runs on the host, which reaches it directly).
 */
async function listNamespace(upstream: string, namespace: string) {
	const get = async (path: string, accept?: string) => {
		const res = await fetch(`${upstream}${path}`, {
			signal: AbortSignal.timeout(5000),
			headers: accept ? { accept } : {}
		});
		if (res.status !== 404 && !res.ok)
			throw new Error(`registry answered ${res.status} for ${path}`);
		return res;
	};
	// The catalog comes in pages of at most 1000 (distribution refuses more).
	const prefix = `${namespace}/`;
	const mine: string[] = [];
	let next: string | null = `/v2/_catalog?n=1000&last=${encodeURIComponent(namespace)}`;
	for (let page = 0; next && page < 50; page++) {
		const res = await get(next);
		const { repositories = [] } = (await res.json()) as { repositories?: string[] };
		mine.push(...repositories.filter((r) => r.startsWith(prefix)));
		const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '');
		// Past our namespace (names are sorted), nothing more of ours can come.
		next = link && repositories.at(-1)?.startsWith(prefix) ? link[1]! : null;
	}
	const repositories: Record<string, string[]> = {};
	const images: Record<string, string> = {};
	await Promise.all(
		mine.map(async (repo) => {
			const res = await get(`/v2/${repo}/tags/list`);
			const { tags } = res.ok ? ((await res.json()) as { tags?: string[] | null }) : {};
			const name = repo.slice(prefix.length);
			repositories[name] = (tags ?? []).sort();
			await Promise.all(
				repositories[name].map(async (tag) => {
					const manifest = await get(
						`/v2/${repo}/manifests/${tag}`,
						'application/vnd.docker.distribution.manifest.v2+json'
					);
					if (!manifest.ok) return;
					const { config } = (await manifest.json()) as { config?: { digest?: string } };
					if (config?.digest) images[`${name}:${tag}`] = config.digest;
				})
			);
		})
	);
	return { host: 'registry.berth:5000', namespace, repositories, images };
}

export function sessionJson(
	session: Session,
	config: SandboxConfig,
	credentials: RegistryCredentials
) {
	const { record } = session;
	return {
		id: record.id,
		owner: record.owner,
		registry: {
			host: 'registry.berth:5000',
			username: record.namespace,
			password: credentials.passwordFor(record.namespace)
		},
		createdAt: record.createdAt,
		expiresAt: record.expiresAt,
		lastActivityAt: record.lastActivityAt,
		idleTimeoutSeconds: config.idleTimeoutMs / 1000,
		state: session.engine.running ? 'running' : 'stopped'
	};
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
	const value = Number(raw);
	return raw !== null && Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function toApiError(error: unknown): ApiError {
	if (error instanceof ApiError) return error;
	if (error instanceof URIError) return badRequest('The path is not valid percent-encoding');
	return new ApiError(500, 'internal', 'Something went wrong in the sandbox service');
}

function respondError(res: http.ServerResponse, error: unknown, req: http.IncomingMessage): void {
	const apiError = toApiError(error);
	if (apiError.status >= 500) console.error(`sandbox: ${req.method} ${req.url} failed`, error);
	if (apiError.status === 401) res.setHeader('www-authenticate', 'Bearer');
	sendError(res, apiError);
}
