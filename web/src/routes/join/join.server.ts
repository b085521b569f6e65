import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { RateLimiter, retryMessage } from '$lib/server/auth/rate-limit';
import { isWellFormedCode, joinWithCode, normaliseCode } from '$lib/server/classes';

/**
 * Codes have 40 bits, and this keeps guessing slow: 10 tries at once per
 * person, then one every 30 s (and per address, for people who make guests
 * to try again).
 */
const perUser = new RateLimiter({ capacity: 10, refillMs: 30_000 });
const perIp = new RateLimiter({ capacity: 30, refillMs: 10_000 });

/** Where a page sends signed-out visitors: a guest account, then back here. */
export const startHere = (path: string) => `/start?next=${encodeURIComponent(path)}`;

/**
 * Joins the signed-in visitor to the class `raw` opens, and goes to it; or a
 * form failure whose message names the code field and says what to do.
 */
export async function join(userId: string, raw: string, clientAddress: string) {
	const values = { code: raw.slice(0, 40) };
	const code = normaliseCode(raw);
	if (code === '') {
		return fail(400, { values, errors: { code: 'Enter the code your instructor gave you.' } });
	}
	if (!isWellFormedCode(code)) {
		return fail(400, {
			values,
			errors: {
				code: 'A class code has 8 letters and digits (it never uses 0, O, 1 or I). Check it and try again.'
			}
		});
	}
	const wait = Math.max(perUser.consume(userId), perIp.consume(clientAddress));
	if (wait) return fail(429, { values, errors: { code: retryMessage(wait) } });

	const result = await joinWithCode(await getDb(), userId, code);
	switch (result.kind) {
		case 'unknown':
			return fail(400, {
				values,
				errors: { code: `No class has the code ${code}. Check it with your instructor.` }
			});
		case 'expired':
			return fail(400, {
				values,
				errors: {
					code: `The code ${code} for “${result.class.name}” has expired. Ask your instructor for a new one.`
				}
			});
		case 'revoked':
			return fail(400, {
				values,
				errors: {
					code: `The code ${code} for “${result.class.name}” no longer works. Ask your instructor for the current one.`
				}
			});
		case 'archived':
			return fail(400, {
				values,
				errors: { code: `“${result.class.name}” is archived and takes no new learners.` }
			});
		case 'instructor':
			redirect(303, `/teach/${result.class.id}`);
			break;
		case 'already':
			redirect(303, `/classes?already=${result.class.id}`);
			break;
		case 'joined':
			redirect(303, `/classes?joined=${result.class.id}`);
	}
}
