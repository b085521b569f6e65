import { error, redirect } from '@sveltejs/kit';
import { previewOrigin, PREVIEW_LOGIN_PATH } from '$lib/server/preview';
import { ownedSession, sandbox } from '$lib/server/sandbox';
import type { RequestHandler } from './$types';

/**
 * Opens a port of the learner's engine in the browser: checks the session is
 * theirs, then hands the preview origin a token bound to that session.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const port = Number(params.port);
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		error(400, `${params.port} is not a port number`);
	// Each preview is its own origin, s-<session>-<port>.<host>: that needs a
	// name to put a label in front of, not an address.
	if (/^[\d.]+$|^\[/.test(url.hostname)) {
		error(
			400,
			`Previews need Berth opened by name, e.g. http://localhost:${url.port || 80}, not ${url.hostname}.`
		);
	}
	const session = await ownedSession(params.session, locals.user.id);
	if (!session) error(404, 'No such session of yours: it may have ended.');

	const ttlSeconds = Math.max(10, Math.floor((Date.parse(session.expiresAt) - Date.now()) / 1000));
	const { token } = await sandbox().browserToken(
		session.id,
		'preview',
		Math.min(ttlSeconds, 4 * 3600)
	);
	const origin = previewOrigin(url, { sessionId: session.id, port });
	const next = url.searchParams.get('path') ?? '/';
	redirect(
		303,
		`${origin}${PREVIEW_LOGIN_PATH}?token=${encodeURIComponent(token)}&next=${encodeURIComponent(next)}`
	);
};
