import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { SandboxConfig } from '../config';
import type { Engine, EngineDriver } from '../engine/driver';
import { ApiError, notFound } from '../errors';
import { defaultNamespace } from '../registry/credentials';
import type { SessionRecord, SessionStore } from './store';
import { Stats } from './stats';

export interface Session {
	record: SessionRecord;
	engine: Engine;
}

export interface CreateOptions {
	owner: string;
	/** The learner's registry namespace; derived from `owner` when not given. */
	namespace?: string;
	/** Images to pull in the background, so the lesson's first `docker run` is quick. */
	prepull?: string[];
}

export type EndReason = 'deleted' | 'idle' | 'expired' | 'lost';

interface ManagerEvents {
	ended: [session: Session, reason: EndReason];
}

/** A session id: 20 lower-case letters and digits, unguessable, DNS-label safe (previews). */
export function newSessionId(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(crypto.randomBytes(20), (b) => alphabet[b % 36]).join('');
}

/**
 * Owns every session's lifecycle: creation (from a warm pool of started
 * engines when it has one), activity, extension, idle and lifetime limits,
 * deletion, and re-adoption of running engines after a restart.
 */
export class SessionManager extends EventEmitter<ManagerEvents> {
	readonly stats = new Stats();
	readonly #driver: EngineDriver;
	readonly #config: SandboxConfig;
	readonly #store: SessionStore;
	readonly #now: () => number;
	readonly #sessions = new Map<string, Session>();
	#pool: Engine[] = [];
	#filling = 0;
	/** Session ids of engines being created: not yet in the pool or a session, not to be swept. */
	readonly #creating = new Set<string>();
	#reaper: NodeJS.Timeout | undefined;
	#sweeper: NodeJS.Timeout | undefined;
	#stopped = false;

	constructor(options: {
		driver: EngineDriver;
		config: SandboxConfig;
		store: SessionStore;
		now?: () => number;
	}) {
		super();
		this.#driver = options.driver;
		this.#config = options.config;
		this.#store = options.store;
		this.#now = options.now ?? Date.now;
	}

	get poolSize(): number {
		return this.#pool.length;
	}

	get size(): number {
		return this.#sessions.size;
	}

	/**
	 * Re-adopts the engines that still belong to live sessions or the pool,
	 * removes every other engine this service created (the start-up sweep),
	 * and starts the reaper and the pool.
	 */
	async start(): Promise<void> {
		const saved = this.#store.load();
		const byEngine = new Map(saved.sessions.map((r) => [r.engineId, r]));
		const pooled = new Set(saved.pool);
		const keep = new Set<string>();
		for (const engine of await this.#driver.list()) {
			if (!engine.running) continue;
			const record = byEngine.get(engine.id);
			if (record && !this.#endReason(record)) {
				record.namespace ??= defaultNamespace(record.owner);
				this.#sessions.set(record.id, { record, engine });
				keep.add(engine.sessionId);
			} else if (pooled.has(engine.id)) {
				this.#pool.push(engine);
				keep.add(engine.sessionId);
			}
		}
		// Everything else of ours (engines of ended sessions, stopped engines,
		// orphaned disks) goes.
		this.stats.swept += await this.#driver.sweep(keep);
		this.#persist();
		this.#reaper = setInterval(() => void this.reap(), 5_000).unref();
		// Now and then, what a failed removal left behind.
		this.#sweeper = setInterval(
			() => void this.sweep().catch((e) => console.error('sandbox: sweep failed', e)),
			10 * 60_000
		).unref();
		this.#replenish();
	}

	/** Removes every object of ours that no session, pool engine or engine being created owns. */
	async sweep(): Promise<number> {
		const keep = new Set([
			...[...this.#sessions.values()].map((s) => s.engine.sessionId),
			...this.#pool.map((e) => e.sessionId),
			...this.#creating
		]);
		const removed = await this.#driver.sweep(keep);
		this.stats.swept += removed;
		return removed;
	}

	/** Stops timers; engines keep running so the next start re-adopts them. */
	stop(): void {
		this.#stopped = true;
		clearInterval(this.#reaper);
		clearInterval(this.#sweeper);
	}

	async create(options: CreateOptions): Promise<Session> {
		if (this.#sessions.size >= this.#config.maxSessions) {
			throw new ApiError(503, 'at_capacity', 'No engine is free right now; try again in a minute.');
		}
		const started = performance.now();
		let engine = this.#pool.shift();
		const warm = engine !== undefined;
		engine ??= await this.#createEngine();
		const now = new Date(this.#now());
		const record: SessionRecord = {
			id: engine.sessionId,
			owner: options.owner,
			namespace: options.namespace ?? defaultNamespace(options.owner),
			engineId: engine.id,
			createdAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + this.#config.maxLifetimeMs).toISOString(),
			lastActivityAt: now.toISOString()
		};
		const session = { record, engine };
		this.#sessions.set(record.id, session);
		this.#persist();
		this.stats.recordCreate(performance.now() - started, warm);
		this.#replenish();
		if (options.prepull?.length) void this.#prepull(engine, options.prepull);
		return session;
	}

	get(id: string): Session {
		const session = this.#sessions.get(id);
		if (!session) throw notFound(`Session ${JSON.stringify(id)}`);
		return session;
	}

	list(): Session[] {
		return [...this.#sessions.values()];
	}

	/** Marks activity (terminal input, API use): resets the idle timer. */
	touch(id: string): void {
		const session = this.#sessions.get(id);
		if (session) session.record.lastActivityAt = new Date(this.#now()).toISOString();
		// Activity is frequent; it is saved with the next change or by the reaper.
	}

	/** Moves the end of a session to at least `ms` from now (at most one maximum lifetime). */
	extend(id: string, ms: number): Session {
		const session = this.get(id);
		const wanted = this.#now() + Math.min(ms, this.#config.maxLifetimeMs);
		const current = Date.parse(session.record.expiresAt);
		session.record.expiresAt = new Date(Math.max(current, wanted)).toISOString();
		this.touch(id);
		this.#persist();
		return session;
	}

	async delete(id: string, reason: EndReason = 'deleted'): Promise<void> {
		const session = this.get(id);
		this.#sessions.delete(id);
		this.#persist();
		this.emit('ended', session, reason);
		await this.#driver.remove(session.engine);
	}

	/** Ends sessions past their idle timeout or lifetime. Runs every few seconds. */
	async reap(): Promise<void> {
		for (const session of [...this.#sessions.values()]) {
			const reason = this.#endReason(session.record);
			if (reason) {
				await this.delete(session.record.id, reason).catch((error) =>
					console.error(`sandbox: could not end session ${session.record.id}`, error)
				);
			}
		}
		this.#persist();
	}

	#endReason(record: SessionRecord): EndReason | undefined {
		const now = this.#now();
		if (now >= Date.parse(record.expiresAt)) return 'expired';
		if (now - Date.parse(record.lastActivityAt) >= this.#config.idleTimeoutMs) return 'idle';
		return undefined;
	}

	async #createEngine(): Promise<Engine> {
		const started = performance.now();
		const sessionId = newSessionId();
		this.#creating.add(sessionId);
		try {
			const engine = await this.#driver.create({ sessionId, limits: this.#config.limits });
			this.stats.recordEngineStart(performance.now() - started);
			return engine;
		} catch (error) {
			this.stats.failures++;
			throw new ApiError(
				503,
				'engine_failed',
				'Could not start a Docker engine. Please try again.',
				{
					cause: error
				}
			);
		} finally {
			this.#creating.delete(sessionId);
		}
	}

	/** Tops the pool up in the background, one engine at a time (engines start faster that way on 2 cores). */
	#replenish(): void {
		if (this.#stopped || this.#filling > 0) return;
		if (this.#pool.length >= this.#config.poolSize) return;
		this.#filling++;
		this.#createEngine()
			.then(async (engine) => {
				// Warm means warm: the first lessons' images are there before a learner is.
				// Until it joins the pool it counts as being created (the sweeper spares it).
				// (This continuation runs before any timer, so no sweep slips in between.)
				this.#creating.add(engine.sessionId);
				try {
					await this.#prepull(engine, this.#config.poolPrepull);
				} finally {
					this.#creating.delete(engine.sessionId);
				}
				if (this.#stopped) return this.#driver.remove(engine);
				this.#pool.push(engine);
				this.#persist();
			})
			.catch((error) => {
				console.error('sandbox: could not add an engine to the pool', error.cause ?? error);
				return new Promise((r) => setTimeout(r, 5_000).unref());
			})
			.finally(() => {
				this.#filling--;
				this.#replenish();
			});
	}

	async #prepull(engine: Engine, images: string[]): Promise<void> {
		for (const image of images) {
			const result = await this.#driver
				.exec(engine, { cmd: ['docker', 'pull', '-q', image], timeoutMs: 120_000 })
				.catch((error: Error) => ({ exitCode: -1, stderr: error.message }));
			if (result.exitCode !== 0)
				console.warn(`sandbox: prepull of ${image} failed: ${result.stderr.trim()}`);
		}
	}

	#persist(): void {
		this.#store.save(
			[...this.#sessions.values()].map((s) => s.record),
			this.#pool.map((e) => e.id)
		);
	}
}
