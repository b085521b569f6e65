import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isNamespace } from './access';

/**
 * Registry credentials without a password database: a learner's password is
 * an HMAC of their namespace under a key derived from the service token. The
 * same namespace always gets the same password (so `docker login` survives a
 * new session), and nobody can compute another learner's.
 */
export class RegistryCredentials {
	readonly #key: Buffer;

	constructor(serviceToken: string) {
		this.#key = crypto
			.createHmac('sha256', serviceToken)
			.update('berth registry credentials v1')
			.digest();
	}

	passwordFor(namespace: string): string {
		return crypto
			.createHmac('sha256', this.#key)
			.update(namespace)
			.digest('base64url')
			.slice(0, 32);
	}

	/** The namespace an Authorization: Basic header proves, or null. */
	verify(header: string | undefined): string | null {
		if (!header?.startsWith('Basic ')) return null;
		const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return null;
		const namespace = decoded.slice(0, colon);
		const password = Buffer.from(decoded.slice(colon + 1));
		if (!isNamespace(namespace)) return null;
		const expected = Buffer.from(this.passwordFor(namespace));
		return password.length === expected.length && crypto.timingSafeEqual(password, expected)
			? namespace
			: null;
	}
}

/** The namespace a learner gets when the site names none: from their user id. */
export function defaultNamespace(owner: string): string {
	const cleaned = owner
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 30);
	const name = cleaned || 'learner';
	return name === 'library' ? 'learner-library' : name;
}

/**
 * The host's registry secret (created on first use, readable by root only).
 * 'wx' makes the first writer win when the gateway and a service race.
 */
export function loadRegistrySecret(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		try {
			fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url') + '\n', {
				mode: 0o600,
				flag: 'wx'
			});
		} catch {
			// written by the other process meanwhile
		}
		return fs.readFileSync(file, 'utf8').trim();
	}
}
