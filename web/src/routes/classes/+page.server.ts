import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { canTeach, classesOf } from '$lib/server/classes';
import type { PageServerLoad } from './$types';

/** The classes the visitor learns in, with their instructors; only ever their own. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const { learning, teaching } = await classesOf(await getDb(), locals.user.id);
	const classes = learning.map((c) => ({
		id: c.id,
		name: c.name,
		instructors: c.instructors,
		joinedAt: c.joinedAt.toISOString()
	}));
	// After joining, the join form comes here with the class: greet them in it.
	const joinedId = url.searchParams.get('joined') ?? url.searchParams.get('already');
	const joined = classes.find((c) => c.id === joinedId);
	return {
		classes,
		welcome: joined ? { name: joined.name, already: url.searchParams.has('already') } : null,
		teaches: canTeach(locals.user) || teaching.length > 0
	};
};
