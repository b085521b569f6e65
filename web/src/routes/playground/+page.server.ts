import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** The playground needs an engine, and an engine needs an account (a guest one will do). */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/start?next=/playground');
};
