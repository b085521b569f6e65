import fs from 'node:fs';
import path from 'node:path';

/** What the service remembers about a session across its own restarts. */
export interface SessionRecord {
	id: string;
	/** The site's user id for the learner. */
	owner: string;
	/** The learner's namespace in Berth's registry (registry.berth:5000/<namespace>/...). */
	namespace: string;
	engineId: string;
	createdAt: string;
	/** Hard end: the maximum lifetime, moved only by an explicit extend. */
	expiresAt: string;
	lastActivityAt: string;
}

interface StoreFile {
	version: 1;
	sessions: SessionRecord[];
	/** Engines started ahead of demand, by container id. */
	pool: string[];
}

/**
 * Sessions and pool membership in one small JSON file, rewritten atomically
 * (write, then rename) on every change. Engines carry their session id as a
 * label; this file adds what labels cannot hold (owner, expiry, activity),
 * so a restarted service can re-adopt what is still running.
 */
export class SessionStore {
	readonly #file: string;
	#data: StoreFile = { version: 1, sessions: [], pool: [] };

	constructor(dataDir: string) {
		this.#file = path.join(dataDir, 'sandbox-sessions.json');
	}

	load(): StoreFile {
		try {
			const parsed = JSON.parse(fs.readFileSync(this.#file, 'utf8')) as StoreFile;
			if (parsed.version === 1 && Array.isArray(parsed.sessions) && Array.isArray(parsed.pool)) {
				this.#data = parsed;
			} else {
				console.warn(`sandbox: ignoring ${this.#file}: not a version 1 store`);
			}
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				console.warn(`sandbox: could not read ${this.#file}; starting empty`, error);
			}
		}
		return this.#data;
	}

	save(sessions: Iterable<SessionRecord>, pool: Iterable<string>): void {
		this.#data = { version: 1, sessions: [...sessions], pool: [...pool] };
		fs.mkdirSync(path.dirname(this.#file), { recursive: true });
		const tmp = `${this.#file}.${process.pid}.tmp`;
		fs.writeFileSync(tmp, JSON.stringify(this.#data, null, 1), { mode: 0o600 });
		fs.renameSync(tmp, this.#file);
	}
}
