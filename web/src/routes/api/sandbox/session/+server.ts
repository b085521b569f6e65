import { error, json } from '@sveltejs/kit';
import { sessionFor } from '$lib/server/sandbox';
import type { RequestHandler } from './$types';

/** The visitor's engine session, started if they have none (guests too). */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	if (!locals.user) error(401, 'Sign in or start as a guest first.');
	// JSON APIs get no help from SvelteKit's form CSRF check: only our own pages may call.
	if (request.headers.get('origin') !== url.origin) error(403, 'Cross-site request refused.');
	const session = await sessionFor(locals.user.id);
	return json({
		id: session.id,
		expiresAt: session.expiresAt,
		idleTimeoutSeconds: session.idleTimeoutSeconds
	});
};
