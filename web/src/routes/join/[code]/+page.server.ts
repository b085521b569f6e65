import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { lookupCode, membershipOf, normaliseCode } from '$lib/server/classes';
import { readSmallForm } from '$lib/server/request';
import { join, startHere } from '../join.server';
import type { Actions, PageServerLoad } from './$types';

/** The join link: shows which class the code opens, and joins it on one click. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const path = `/join/${encodeURIComponent(params.code)}`;
	if (!locals.user) redirect(303, startHere(path));
	const db = await getDb();
	const found = await lookupCode(db, params.code);
	if (found.status === 'unknown')
		return { code: normaliseCode(params.code), status: 'unknown' as const };
	return {
		code: normaliseCode(params.code),
		status: found.status,
		class: found.class,
		member: await membershipOf(db, found.class.id, locals.user.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = event.locals.user;
		if (!user) redirect(303, startHere(`/join/${encodeURIComponent(event.params.code)}`));
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		return join(user.id, event.params.code, event.getClientAddress());
	}
};
