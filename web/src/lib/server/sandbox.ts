import {
	loadServiceToken,
	SandboxClient,
	SandboxError,
	type SandboxSession
} from '../../../../sandbox/client';
import { readConfig } from './config';

export { SandboxError, type SandboxSession };

let client: SandboxClient | undefined;

/** The sandbox service, reached through its client module only (never its internals). */
export function sandbox(): SandboxClient {
	client ??= new SandboxClient({
		url: process.env.SANDBOX_URL || 'http://127.0.0.1:7070',
		token: loadServiceToken(process.env, readConfig().dataDir)
	});
	return client;
}

/**
 * The session with id `id` if `userId` owns it; null otherwise. "Not yours"
 * and "does not exist" look the same to the caller, on purpose.
 */
export async function ownedSession(id: string, userId: string): Promise<SandboxSession | null> {
	try {
		const session = await sandbox().getSession(id);
		return session.owner === userId ? session : null;
	} catch (error) {
		if (error instanceof SandboxError && error.status === 404) return null;
		throw error;
	}
}

const pending = new Map<string, Promise<SandboxSession>>();

/**
 * The learner's running session, created if they have none. Calls for the
 * same learner while one is under way share it: two tabs opening at once
 * must not start two engines.
 */
export function sessionFor(userId: string): Promise<SandboxSession> {
	let found = pending.get(userId);
	if (!found) {
		found = (async () => {
			const [existing] = await sandbox().listSessions(userId);
			return existing ?? sandbox().createSession({ owner: userId });
		})().finally(() => pending.delete(userId));
		pending.set(userId, found);
	}
	return found;
}
