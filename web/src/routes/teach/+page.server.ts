import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { checkClassName, classesOf, CLASS_NAME_MAX, createClass } from '$lib/server/classes';
import { readSmallForm } from '$lib/server/request';
import { requireInstructor } from './access.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requireInstructor(locals, url);
	const { teaching } = await classesOf(await getDb(), viewer.id);
	return {
		classes: teaching.map((c) => ({
			id: c.id,
			name: c.name,
			learners: c.learners,
			createdAt: c.createdAt.toISOString()
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const viewer = requireInstructor(event.locals, event.url);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const name = String(form.get('name') ?? '');
		const error = checkClassName(name);
		if (error) {
			return fail(400, {
				values: { name: name.slice(0, CLASS_NAME_MAX) },
				errors: { name: error }
			});
		}
		const made = await createClass(await getDb(), { name, by: viewer });
		redirect(303, `/teach/${made.id}`);
	}
};
