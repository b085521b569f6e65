import { error, json } from '@sveltejs/kit';
import { saveDraft } from '$lib/server/custom-labs';
import { labRequest, readFiles } from '../lab-request.server';
import type { RequestHandler } from './$types';

/**
 * Saves the lab's draft: `{ files }`. Names and sizes a lab cannot have are
 * refused (422, nothing saved); a draft that does not load yet is saved, and
 * its problems come back.
 */
export const PUT: RequestHandler = async (event) => {
	const { viewer, db, lab } = await labRequest(event);
	const result = await saveDraft(db, lab.id, viewer, await readFiles(event.request));
	if (!result) error(404, 'There is no lab of yours here.');
	return json(result, { status: result.saved ? 200 : 422 });
};
