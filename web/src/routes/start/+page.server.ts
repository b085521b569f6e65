import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { limits, retryMessage } from '$lib/server/auth/rate-limit';
import { beginSession, safeNext } from '$lib/server/auth/sign-in';
import { createGuest } from '$lib/server/auth/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
};

export const actions: Actions = {
	/** Starts learning at once, as a guest: an account with no email yet. */
	default: async (event) => {
		const next = safeNext(event.url.searchParams.get('next'));
		if (event.locals.user) redirect(303, next);
		const wait = limits.guestPerIp.consume(event.getClientAddress());
		if (wait) return fail(429, { message: retryMessage(wait) });

		const db = await getDb();
		const guest = await createGuest(db);
		await beginSession(event, db, guest.id);
		redirect(303, next);
	}
};
