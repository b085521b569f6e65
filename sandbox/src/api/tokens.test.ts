import { describe, expect, it } from 'vitest';
import { BrowserTokens, sameSecret } from './tokens';

describe('BrowserTokens', () => {
	const tokens = new BrowserTokens('service-token-for-tests');
	const claims = { sessionId: 'abc123', purpose: 'terminal' as const, expiresAt: 2_000 };

	it('verifies what it issued, until it expires', () => {
		const token = tokens.issue(claims);
		expect(tokens.verify(token, 1_000)).toEqual(claims);
		expect(tokens.verify(token, 2_000)).toBeNull();
	});

	it('refuses a token whose claims were edited', () => {
		const token = tokens.issue(claims);
		const [, signature] = token.split('.');
		const forged = Buffer.from(
			JSON.stringify({ s: 'someone-else', p: 'terminal', e: 2_000 })
		).toString('base64url');
		expect(tokens.verify(`${forged}.${signature}`, 1_000)).toBeNull();
	});

	it('refuses tokens from another service token, and garbage', () => {
		const other = new BrowserTokens('a-different-service-token');
		expect(tokens.verify(other.issue(claims), 1_000)).toBeNull();
		for (const junk of ['', '.', 'a.b', 'a.b.c', 'not a token'])
			expect(tokens.verify(junk, 1_000)).toBeNull();
	});
});

describe('sameSecret', () => {
	it('matches only the identical string', () => {
		expect(sameSecret('secret', 'secret')).toBe(true);
		expect(sameSecret('secret', 'secret ')).toBe(false);
		expect(sameSecret('', 'secret')).toBe(false);
	});
});
