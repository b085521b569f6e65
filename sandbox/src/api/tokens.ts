import crypto from 'node:crypto';

/**
 * Short-lived tokens a browser may hold: each is bound to one session and one
 * purpose, and signed with a key derived from the service token, so the
 * service checks them without storing anything.
 *   base64url(JSON {s, p, e}) "." base64url(HMAC-SHA256)
 */
export type TokenPurpose = 'terminal' | 'preview';

export interface TokenClaims {
	sessionId: string;
	purpose: TokenPurpose;
	/** Expiry, ms since the epoch. */
	expiresAt: number;
}

export class BrowserTokens {
	readonly #key: Buffer;

	constructor(serviceToken: string) {
		// A separate key, so a browser token can never be mistaken for the service token.
		this.#key = crypto
			.createHmac('sha256', serviceToken)
			.update('berth browser tokens v1')
			.digest();
	}

	issue(claims: TokenClaims): string {
		const payload = Buffer.from(
			JSON.stringify({ s: claims.sessionId, p: claims.purpose, e: claims.expiresAt })
		).toString('base64url');
		return `${payload}.${this.#sign(payload)}`;
	}

	/** The claims of a valid, unexpired token, or null. */
	verify(token: string, now = Date.now()): TokenClaims | null {
		const [payload, signature, extra] = token.split('.');
		if (!payload || !signature || extra !== undefined) return null;
		const expected = Buffer.from(this.#sign(payload));
		const given = Buffer.from(signature);
		if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
		try {
			const { s, p, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
			if (typeof s !== 'string' || (p !== 'terminal' && p !== 'preview') || typeof e !== 'number')
				return null;
			if (now >= e) return null;
			return { sessionId: s, purpose: p, expiresAt: e };
		} catch {
			return null;
		}
	}

	#sign(payload: string): string {
		return crypto.createHmac('sha256', this.#key).update(payload).digest('base64url');
	}
}

/** Compares a presented secret with the real one in constant time. */
export function sameSecret(given: string, actual: string): boolean {
	const a = crypto.createHash('sha256').update(given).digest();
	const b = crypto.createHash('sha256').update(actual).digest();
	return crypto.timingSafeEqual(a, b);
}
