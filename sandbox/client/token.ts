import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The token the site and the sandbox service share: SANDBOX_TOKEN, or one
 * generated at first start and kept in <dataDir>/sandbox-token (readable by
 * its owner only), so a site and service started together by `npm start`
 * agree without configuration. Either side may be the first to create it.
 */
export function loadServiceToken(env: NodeJS.ProcessEnv, dataDir: string): string {
	if (env.SANDBOX_TOKEN) {
		if (env.SANDBOX_TOKEN.length < 16)
			throw new Error('SANDBOX_TOKEN must be at least 16 characters');
		return env.SANDBOX_TOKEN;
	}
	const file = path.join(dataDir, 'sandbox-token');
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		fs.mkdirSync(dataDir, { recursive: true });
		const token = crypto.randomBytes(32).toString('base64url');
		try {
			// 'wx': if the other process wrote it first, use theirs.
			fs.writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
			return token;
		} catch {
			return fs.readFileSync(file, 'utf8').trim();
		}
	}
}
