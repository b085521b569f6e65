import type { Handle, ServerInit } from '@sveltejs/kit';
import { getDb, startApp, stopApp } from '$lib/server/app';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/cookies';
import { curriculum } from '$lib/server/curriculum';
import { loadPublishedLabs } from '$lib/server/custom-labs';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { isSecure } from '$lib/server/request';
import { publishBridge } from '$lib/server/host-bridge';
import { parsePreviewHost } from '$lib/server/preview';
import { handlePreview } from '$lib/server/preview-handle';
import { closeWebSockets, handleUpgrade } from '$lib/server/upgrade';
import { parseTheme, THEME_COOKIE } from '$lib/theme';

export const init: ServerInit = async () => {
	// A broken lesson stops the site here, naming its file and field, rather
	// than failing a learner halfway through it.
	const lessons = curriculum();
	console.log(`berth: ${lessons.length} lessons and labs loaded`);
	await startApp();
	// Labs instructors published to their classes, so they can be assigned.
	const labs = await loadPublishedLabs(await getDb());
	if (labs > 0) console.log(`berth: ${labs} instructor-written labs loaded`);
	publishBridge({
		handleUpgrade,
		async stop() {
			await closeWebSockets();
			await stopApp();
		}
	});
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;

	// A learner's app on its own preview origin: none of the site's pages or cookies.
	const preview = parsePreviewHost(event.request.headers.get('host'));
	if (preview) return handlePreview(event, preview);

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await validateSessionToken(await getDb(), token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.renewed) {
				setSessionCookie(event.cookies, token, result.session.expiresAt, isSecure(event));
			}
		} else {
			deleteSessionCookie(event.cookies, isSecure(event));
		}
	}

	const theme = parseTheme(event.cookies.get(THEME_COOKIE));
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%berth.theme%', theme)
	});
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	return response;
};
