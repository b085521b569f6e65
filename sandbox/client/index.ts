/**
 * The sandbox service's client: the one module of sandbox/ that the site
 * (web/) and the tests may import. It speaks the documented HTTP API
 * (docs/sandbox-api.md) and nothing else.
 */
export interface SandboxSession {
	id: string;
	owner: string;
	createdAt: string;
	expiresAt: string;
	lastActivityAt: string;
	idleTimeoutSeconds: number;
	state: 'running' | 'stopped';
	/** The learner's login for Berth's registry: `docker login <host> -u <username>`. */
	registry: { host: string; username: string; password: string };
}

export interface ExecResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	truncated: boolean;
	durationMs: number;
}

export interface RegistryListing {
	host: string;
	namespace: string;
	repositories: Record<string, string[]>;
	/** `repository:tag` → the pushed image's id (its config digest). */
	images: Record<string, string>;
}

export interface DirectoryListing {
	path: string;
	type: 'directory';
	entries: { name: string; type: 'file' | 'directory' | 'symlink' | 'other'; size: number }[];
}

/** One terminal tab's recording (asciicast v2), as GET /v1/recordings/:session lists it. */
export interface RecordingInfo {
	tab: string;
	/** `main`, or `main.2`, `main.3`, ... for a tab opened again after a restart of the service. */
	name: string;
	bytes: number;
}

export { loadServiceToken } from './token';
/** The engine state graders read (GET /v1/sessions/:id/state). */
export type * from '../src/state/types';

/** An error answer from the sandbox service, with its status and code. */
export class SandboxError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'SandboxError';
	}
}

export interface SandboxClientOptions {
	/** e.g. http://127.0.0.1:7070 */
	url: string;
	token: string;
	/** Time limit of a call that has none of its own, in ms. */
	timeoutMs?: number;
}

export class SandboxClient {
	readonly url: string;
	/** The service token, for callers that open WebSockets themselves (the site's relay). */
	readonly token: string;
	readonly #timeoutMs: number;

	constructor(options: SandboxClientOptions) {
		this.url = options.url.replace(/\/$/, '');
		this.token = options.token;
		this.#timeoutMs = options.timeoutMs ?? 30_000;
	}

	createSession(options: { owner: string; prepull?: string[] }): Promise<SandboxSession> {
		return this.#json('POST', '/v1/sessions', options);
	}

	getSession(id: string): Promise<SandboxSession> {
		return this.#json('GET', `/v1/sessions/${enc(id)}`);
	}

	async listSessions(owner?: string): Promise<SandboxSession[]> {
		const query = owner ? `?owner=${enc(owner)}` : '';
		return (await this.#json<{ sessions: SandboxSession[] }>('GET', `/v1/sessions${query}`))
			.sessions;
	}

	async deleteSession(id: string): Promise<void> {
		await this.#fetch('DELETE', `/v1/sessions/${enc(id)}`);
	}

	extendSession(id: string, minutes: number): Promise<SandboxSession> {
		return this.#json('POST', `/v1/sessions/${enc(id)}/extend`, { minutes });
	}

	exec(
		id: string,
		cmd: string[],
		options: { timeoutMs?: number; stdin?: string } = {}
	): Promise<ExecResult> {
		const timeoutMs = options.timeoutMs ?? 10_000;
		return this.#json(
			'POST',
			`/v1/sessions/${enc(id)}/exec`,
			{ cmd, timeoutMs, stdin: options.stdin },
			timeoutMs + 10_000
		);
	}

	/** Runs `script` with sh -c in the learner's environment. */
	sh(id: string, script: string, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
		return this.exec(id, ['sh', '-c', script], options);
	}

	/** Everything graders look at, as JSON (see sandbox/src/state/types.ts). */
	state<T = unknown>(id: string): Promise<T> {
		return this.#json('GET', `/v1/sessions/${enc(id)}/state`);
	}

	/** What the learner has pushed to Berth's registry: repository (under their namespace) → tags. */
	registry(id: string): Promise<RegistryListing> {
		return this.#json('GET', `/v1/sessions/${enc(id)}/registry`);
	}

	async readFile(id: string, path: string): Promise<Buffer> {
		const res = await this.#fetch('GET', `/v1/sessions/${enc(id)}/files?path=${enc(path)}`);
		if (res.headers.get('content-type')?.includes('json'))
			throw new SandboxError(409, 'is_directory', `${path} is a directory`);
		return Buffer.from(await res.arrayBuffer());
	}

	async listDirectory(id: string, path: string): Promise<DirectoryListing> {
		const res = await this.#fetch('GET', `/v1/sessions/${enc(id)}/files?path=${enc(path)}`);
		if (!res.headers.get('content-type')?.includes('json'))
			throw new SandboxError(409, 'not_directory', `${path} is a file`);
		return (await res.json()) as DirectoryListing;
	}

	async writeFile(id: string, path: string, content: string | Uint8Array): Promise<void> {
		await this.#fetch(
			'PUT',
			`/v1/sessions/${enc(id)}/files?path=${enc(path)}`,
			content,
			'application/octet-stream'
		);
	}

	/** A short-lived token a browser may use for this session's terminal or previews. */
	browserToken(
		id: string,
		purpose: 'terminal' | 'preview',
		ttlSeconds = 300
	): Promise<{ token: string; expiresAt: string }> {
		return this.#json('POST', `/v1/sessions/${enc(id)}/tokens`, { purpose, ttlSeconds });
	}

	/** The WebSocket URL of a terminal tab (authenticate with a header or a browser token). */
	terminalUrl(
		id: string,
		options: { tab?: string; cols?: number; rows?: number; token?: string } = {}
	): string {
		const query = new URLSearchParams();
		for (const [k, v] of Object.entries(options)) if (v !== undefined) query.set(k, String(v));
		return `${this.url.replace(/^http/, 'ws')}/v1/sessions/${enc(id)}/terminal?${query}`;
	}

	/** A session's terminal recordings; they outlive the session (an unknown one has none). */
	async recordings(id: string): Promise<RecordingInfo[]> {
		return (await this.#json<{ recordings: RecordingInfo[] }>('GET', `/v1/recordings/${enc(id)}`))
			.recordings;
	}

	/** One recording's .cast file, as text. */
	async recording(id: string, name: string): Promise<string> {
		const res = await this.#fetch('GET', `/v1/recordings/${enc(id)}/${enc(name)}`);
		return res.text();
	}

	/**
	 * One recording's .cast file as a stream, to pass on without holding it
	 * (one may be 20 MiB). Only the start of the answer is timed: passing it
	 * on to a slow reader may take longer than any call should.
	 */
	async recordingStream(id: string, name: string): Promise<ReadableStream<Uint8Array>> {
		const answered = new AbortController();
		const timer = setTimeout(() => answered.abort(), this.#timeoutMs);
		try {
			const res = await this.#fetch(
				'GET',
				`/v1/recordings/${enc(id)}/${enc(name)}`,
				undefined,
				undefined,
				answered.signal,
				0
			);
			return res.body!;
		} finally {
			clearTimeout(timer);
		}
	}

	/** The engine's events as they happen (Docker's /events), until `signal` aborts. */
	async *events(id: string, signal: AbortSignal): AsyncGenerator<Record<string, unknown>> {
		const res = await this.#fetch(
			'GET',
			`/v1/sessions/${enc(id)}/events`,
			undefined,
			undefined,
			signal,
			0
		);
		const decoder = new TextDecoder();
		let buffered = '';
		for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
			buffered += decoder.decode(chunk, { stream: true });
			let newline: number;
			while ((newline = buffered.indexOf('\n')) >= 0) {
				const line = buffered.slice(0, newline).trim();
				buffered = buffered.slice(newline + 1);
				if (line) yield JSON.parse(line) as Record<string, unknown>;
			}
		}
	}

	async #json<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> {
		const res = await this.#fetch(
			method,
			path,
			body === undefined ? undefined : JSON.stringify(body),
			'application/json',
			undefined,
			timeoutMs
		);
		return (await res.json()) as T;
	}

	async #fetch(
		method: string,
		path: string,
		body?: string | Uint8Array,
		contentType?: string,
		signal?: AbortSignal,
		timeoutMs = this.#timeoutMs
	): Promise<Response> {
		const signals = [signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter(
			(s): s is AbortSignal => !!s
		);
		let res: Response;
		try {
			res = await fetch(`${this.url}${path}`, {
				method,
				body: body as BodyInit | undefined,
				headers: {
					authorization: `Bearer ${this.token}`,
					...(contentType ? { 'content-type': contentType } : {})
				},
				signal: signals.length ? AbortSignal.any(signals) : undefined
			});
		} catch (error) {
			const cause =
				(error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
			throw new SandboxError(
				503,
				'unavailable',
				`The sandbox service at ${this.url} did not answer ${method} ${path}: ${cause}`
			);
		}
		if (!res.ok) {
			let code = 'error';
			let message = `${method} ${path}: HTTP ${res.status}`;
			try {
				const parsed = (await res.json()) as { error?: { code: string; message: string } };
				if (parsed.error) ({ code, message } = parsed.error);
			} catch {
				// not JSON
			}
			throw new SandboxError(res.status, code, message);
		}
		return res;
	}
}

const enc = encodeURIComponent;
