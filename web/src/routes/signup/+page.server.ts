import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { limits, retryMessage } from '$lib/server/auth/rate-limit';
import { beginSession } from '$lib/server/auth/sign-in';
import { EmailTakenError, register } from '$lib/server/auth/users';
import { checkSignUp, EMAIL_MAX, DISPLAY_NAME_MAX } from '$lib/server/auth/validation';
import { readSmallForm } from '$lib/server/request';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user && !locals.user.isGuest) redirect(303, '/learn');
	return { isGuest: locals.user?.isGuest ?? false };
};

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.user && !event.locals.user.isGuest) redirect(303, '/learn');

		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;

		// What the visitor typed comes back so they need not type it again (never the password).
		const values = {
			email: String(form.get('email') ?? '').slice(0, EMAIL_MAX),
			displayName: String(form.get('displayName') ?? '').slice(0, DISPLAY_NAME_MAX)
		};
		const checked = checkSignUp(form);
		if (!checked.ok) return fail(400, { values, errors: checked.errors });

		const wait = limits.signUpPerIp.consume(event.getClientAddress());
		if (wait) return fail(429, { values, message: retryMessage(wait) });

		const db = await getDb();
		const guestId = event.locals.user?.isGuest ? event.locals.user.id : undefined;
		let userId: string;
		try {
			userId = (await register(db, { ...checked.value, guestId })).id;
		} catch (error) {
			if (!(error instanceof EmailTakenError)) throw error;
			return fail(400, {
				values,
				errors: {
					email: 'That email already has an account. Sign in instead, or use another email.'
				}
			});
		}
		await beginSession(event, db, userId);
		redirect(303, '/learn');
	}
};
