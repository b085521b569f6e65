import { fail, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { getDb } from '$lib/server/app';
import { users } from '$lib/server/db/schema';
import { setDisplayName } from '$lib/server/auth/users';
import { checkDisplayName, DISPLAY_NAME_MAX } from '$lib/server/auth/validation';
import { readSmallForm } from '$lib/server/request';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const db = await getDb();
	const [account] = await db
		.select({ createdAt: users.createdAt })
		.from(users)
		.where(eq(users.id, locals.user.id));
	return { memberSince: account?.createdAt.toISOString() ?? null };
};

export const actions: Actions = {
	profile: async (event) => {
		const user = event.locals.user;
		if (!user) redirect(303, '/signin?next=/account');

		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const raw = String(form.get('displayName') ?? '');
		const error = checkDisplayName(raw);
		if (error) {
			return fail(400, {
				values: { displayName: raw.slice(0, DISPLAY_NAME_MAX) },
				errors: { displayName: error }
			});
		}
		await setDisplayName(await getDb(), user.id, raw.trim() || null);
		return { saved: true };
	}
};
