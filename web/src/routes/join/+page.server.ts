import { redirect } from '@sveltejs/kit';
import { readSmallForm } from '$lib/server/request';
import { join, startHere } from './join.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, startHere('/join'));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const user = event.locals.user;
		if (!user) redirect(303, startHere('/join'));
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		return join(user.id, String(form.get('code') ?? ''), event.getClientAddress());
	}
};
