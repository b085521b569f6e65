import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { endSession } from '$lib/server/auth/sign-in';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST; a plain visit just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		await endSession(event, await getDb());
		redirect(303, '/');
	}
};
