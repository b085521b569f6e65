import { hash, verify } from '@node-rs/argon2';

// argon2id with the parameters OWASP recommends as a minimum (19 MiB, 2 passes, 1 lane).
const options = {
	memoryCost: 19456,
	timeCost: 2,
	outputLen: 32,
	parallelism: 1
} as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash is a failed check, not a crash.
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends as long as a real check, for a sign-in with an unknown email, so the
 * response time does not tell whether the email has an account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('berth-dummy-password-for-timing');
	await verifyPassword(await dummyHash, password);
	return false;
}
