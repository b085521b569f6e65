import type { RequestEvent } from '@sveltejs/kit';
import { safeNext } from './auth/sign-in';
import { PREVIEW_COOKIE, PREVIEW_LOGIN_PATH, proxyPreview, type PreviewHost } from './preview';
import { isSecure } from './request';

const page = (status: number, title: string, text: string) =>
	new Response(
		`<!doctype html><meta charset="utf-8"><title>${title}</title>` +
			`<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5">` +
			`<h1 style="font-size:1.4rem">${title}</h1><p>${text}</p></body>`,
		{ status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } }
	);

/** Serves a request made to a preview origin (s-<session>-<port>.<host>). */
export async function handlePreview(event: RequestEvent, preview: PreviewHost): Promise<Response> {
	if (event.url.pathname === PREVIEW_LOGIN_PATH) {
		const token = event.url.searchParams.get('token');
		if (!token)
			return page(
				400,
				'This preview link is incomplete',
				'Open the preview again from your lesson.'
			);
		// Set by hand: this response skips SvelteKit's resolve(), which is what
		// applies cookies.set() to a response.
		const cookie = event.cookies.serialize(PREVIEW_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: isSecure(event),
			maxAge: 4 * 3600
		});
		// The token leaves the address bar at once.
		return new Response(null, {
			status: 303,
			headers: {
				location: safeNext(event.url.searchParams.get('next'), '/'),
				'set-cookie': cookie,
				'referrer-policy': 'no-referrer'
			}
		});
	}

	const token = event.cookies.get(PREVIEW_COOKIE);
	if (!token) {
		return page(
			401,
			'Open this preview from your lesson',
			'Previews are private to the learner whose engine they show.'
		);
	}
	const response = await proxyPreview(event.request, preview, token);
	const refused = response.headers.get('x-berth-error');
	if (refused === 'unauthorized' || refused === 'forbidden') {
		return page(
			401,
			'This preview has expired',
			'Open it again from your lesson to get a fresh link.'
		);
	}
	if (refused === 'not_found') {
		return page(
			404,
			'This session has ended',
			'Its engine is gone. Start the lesson again for a new one.'
		);
	}
	return response;
}
