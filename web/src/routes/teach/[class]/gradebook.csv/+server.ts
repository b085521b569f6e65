import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { gradebook, gradebookCsv } from '$lib/server/assignments';
import { requireClass, requireInstructor } from '../../access.server';
import { gradebookFilename } from './attachment';
import type { RequestHandler } from './$types';

/** The gradebook as a spreadsheet: the same grades as the page, for the class's instructors only. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const viewer = requireInstructor(locals, url);
	const db = await getDb();
	const found = await requireClass(db, params.class, viewer);
	const book = await gradebook(db, found.id, viewer);
	if (!book) error(404, 'There is no class of yours here.');
	return new Response(gradebookCsv(book), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${gradebookFilename(found.name)}"`,
			// Grades are personal: no shared cache may keep them.
			'cache-control': 'private, no-store'
		}
	});
};
