import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { limits, retryMessage } from '$lib/server/auth/rate-limit';
import { beginSession, safeNext } from '$lib/server/auth/sign-in';
import { mergeSubmissions } from '$lib/server/assignments';
import { mergeMemberships } from '$lib/server/classes';
import { mergeProgress } from '$lib/server/progress';
import { authenticate } from '$lib/server/auth/users';
import { checkSignIn, EMAIL_MAX } from '$lib/server/auth/validation';
import { readSmallForm } from '$lib/server/request';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user && !locals.user.isGuest) redirect(303, safeNext(url.searchParams.get('next')));
	return { isGuest: locals.user?.isGuest ?? false };
};

export const actions: Actions = {
	default: async (event) => {
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;

		const values = { email: String(form.get('email') ?? '').slice(0, EMAIL_MAX) };
		const checked = checkSignIn(form);
		if (!checked.ok) return fail(400, { values, errors: checked.errors });
		const { email, password } = checked.value;

		// Both limits are charged on every attempt; either can refuse.
		const wait = Math.max(
			limits.signInPerIp.consume(event.getClientAddress()),
			limits.signInPerEmail.consume(email)
		);
		if (wait) return fail(429, { values, message: retryMessage(wait) });

		const db = await getDb();
		const user = await authenticate(db, email, password);
		// One message for an unknown email and a wrong password: the form must
		// not tell a stranger which emails have accounts.
		if (!user) return fail(400, { values, message: 'Incorrect email or password.' });

		limits.signInPerEmail.reset(email);
		// A guest signing in to their account brings along what they did as a guest.
		const guest = event.locals.user?.isGuest ? event.locals.user.id : null;
		await beginSession(event, db, user.id);
		if (guest) {
			await mergeProgress(db, guest, user.id);
			await mergeMemberships(db, guest, user.id);
			await mergeSubmissions(db, guest, user.id);
		}
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
};
