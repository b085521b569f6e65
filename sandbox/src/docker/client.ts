import http from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A small client for the Docker Engine API (v1.41, Engine 20.10), over a unix
 * socket or TCP. Just what Berth needs: JSON calls, streamed responses
 * (events, logs) and hijacked connections (interactive exec).
 * https://docs.docker.com/engine/api/v1.41/
 */
export interface DockerClientOptions {
	/** Unix socket of the daemon, e.g. /run/berth/docker.sock. */
	socketPath?: string;
	/** Or a TCP address. */
	host?: string;
	port?: number;
	/** Default time limit of a call, in ms. */
	timeoutMs?: number;
}

export interface RequestOptions {
	query?: Record<string, string | number | boolean | undefined>;
	body?: unknown;
	timeoutMs?: number;
	signal?: AbortSignal;
	headers?: Record<string, string>;
}

/** An error answer from the daemon, with its status and message. */
export class DockerError extends Error {
	constructor(
		readonly statusCode: number,
		message: string,
		readonly path: string
	) {
		super(message);
		this.name = 'DockerError';
	}
}

const API_VERSION = 'v1.41';
/** The largest JSON answer we read: an engine is not trusted to be reasonable. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

export class DockerClient {
	readonly #options: DockerClientOptions;
	readonly #agent: http.Agent;

	constructor(options: DockerClientOptions) {
		if (!options.socketPath && !options.host)
			throw new Error('DockerClient needs a socketPath or a host');
		this.#options = options;
		// Keep-alive: state collection makes several calls in a row.
		this.#agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
	}

	/** A JSON call; resolves with the parsed body (undefined for an empty one). */
	async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
		const res = await this.#send(method, path, options);
		const text = await readBody(res, MAX_JSON_BYTES);
		if ((res.statusCode ?? 500) >= 400) throw toDockerError(res.statusCode ?? 500, text, path);
		// Most answers are JSON; a few (/_ping) are plain text.
		const json = res.headers['content-type']?.includes('json');
		return (json && text ? JSON.parse(text) : text || undefined) as T;
	}

	/** A streamed answer (events, logs, build output): the caller reads and closes it. */
	async stream(
		method: string,
		path: string,
		options: RequestOptions = {}
	): Promise<http.IncomingMessage> {
		const res = await this.#send(method, path, { ...options, timeoutMs: options.timeoutMs ?? 0 });
		if ((res.statusCode ?? 500) >= 400) {
			throw toDockerError(res.statusCode ?? 500, await readBody(res, 64 * 1024), path);
		}
		return res;
	}

	/**
	 * A call whose connection the daemon hijacks for raw traffic both ways, as
	 * `POST /exec/{id}/start` does when attached.
	 */
	hijack(path: string, body: unknown, timeoutMs = 10_000): Promise<Duplex> {
		return new Promise((resolve, reject) => {
			const payload = JSON.stringify(body);
			const req = http.request({
				...this.#target(),
				method: 'POST',
				path: `/${API_VERSION}${path}`,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(payload),
					connection: 'Upgrade',
					upgrade: 'tcp'
				}
			});
			const timer = setTimeout(() => req.destroy(new Error(`Docker ${path} timed out`)), timeoutMs);
			req.on('upgrade', (_res, socket, head) => {
				clearTimeout(timer);
				if (head.length > 0) socket.unshift(head);
				resolve(socket);
			});
			req.on('response', async (res) => {
				clearTimeout(timer);
				reject(toDockerError(res.statusCode ?? 500, await readBody(res, 64 * 1024), path));
			});
			req.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			req.end(payload);
		});
	}

	close(): void {
		this.#agent.destroy();
	}

	#target(): http.RequestOptions {
		const { socketPath, host, port } = this.#options;
		return socketPath ? { socketPath } : { host, port: port ?? 2375 };
	}

	#send(method: string, path: string, options: RequestOptions): Promise<http.IncomingMessage> {
		return new Promise((resolve, reject) => {
			const query = new URLSearchParams();
			for (const [k, v] of Object.entries(options.query ?? {}))
				if (v !== undefined) query.set(k, String(v));
			const qs = query.size > 0 ? `?${query}` : '';
			const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
			const req = http.request({
				...this.#target(),
				agent: this.#agent,
				method,
				path: `/${API_VERSION}${path}${qs}`,
				signal: options.signal,
				headers: {
					...(payload
						? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
						: {}),
					...options.headers
				}
			});
			const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? 30_000;
			if (timeoutMs > 0) {
				req.setTimeout(timeoutMs, () =>
					req.destroy(new Error(`Docker ${method} ${path} timed out after ${timeoutMs} ms`))
				);
			}
			req.on('response', (res) => {
				if (timeoutMs > 0) req.setTimeout(0);
				resolve(res);
			});
			req.on('error', (cause) =>
				reject(new Error(`Docker ${method} ${path} failed: ${cause.message}`, { cause }))
			);
			req.end(payload);
		});
	}
}

export function readBody(res: http.IncomingMessage, limit: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		res.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				res.destroy();
				reject(new Error(`Docker answer larger than ${limit} bytes`));
				return;
			}
			chunks.push(chunk);
		});
		res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		res.on('error', reject);
	});
}

function toDockerError(status: number, text: string, path: string): DockerError {
	let message = text.trim();
	try {
		message = (JSON.parse(text) as { message?: string }).message ?? message;
	} catch {
		// not JSON: keep the text
	}
	return new DockerError(status, message || `HTTP ${status}`, path);
}
