import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

function randomBase32(bytes: number): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A session token for the cookie: 20 random bytes (160 bits), base32. */
export function generateSessionToken(): string {
	return randomBase32(20);
}

/** The id stored in the database for a token: its SHA-256, hex. */
export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** An id for a database row: 15 random bytes, base32 (24 characters). */
export function generateId(): string {
	return randomBase32(15);
}
