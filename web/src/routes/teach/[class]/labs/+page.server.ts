import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { createLab, labsOfClass } from '$lib/server/custom-labs';
import { readSmallForm } from '$lib/server/request';
import { requireClass, requireInstructor } from '../../access.server';
import type { Actions, PageServerLoad } from './$types';

/** The labs this class's instructors wrote, and a button for a new one. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const viewer = requireInstructor(locals, url);
	const db = await getDb();
	const found = await requireClass(db, params.class, viewer);
	return {
		class: { id: found.id, name: found.name },
		labs: (await labsOfClass(db, found.id, viewer)) ?? [],
		// The editor sends the instructor back here, with the title, after deleting a lab.
		deleted: url.searchParams.get('deleted')?.slice(0, 200) ?? null
	};
};

export const actions: Actions = {
	create: async (event) => {
		const viewer = requireInstructor(event.locals, event.url);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const db = await getDb();
		const found = await requireClass(db, event.params.class, viewer);
		const lab = await createLab(db, found.id, viewer);
		// requireClass let this instructor in a moment ago; they have lost the class since.
		if (!lab) error(404, 'This class is no longer yours.');
		redirect(303, `/teach/${found.id}/labs/${lab.id}`);
	}
};
