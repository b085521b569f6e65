import { curriculum } from '$lib/server/curriculum';
import type { PageServerLoad } from './$types';

/** The path through Docker, from the curriculum itself. */
export const load: PageServerLoad = () => ({
	path: curriculum()
		.filter((l) => l.kind === 'lesson')
		.map((l) => ({ slug: l.slug, title: l.title, summary: l.summary }))
});
