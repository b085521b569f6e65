import { error, json } from '@sveltejs/kit';
import { saveDraft } from '$lib/server/custom-labs';
import { deleteLab } from '$lib/server/lab-withdrawal';
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

/**
 * Deletes the lab (unpublishing it first if it is published): `{ title }`.
 * A lab the class is assigned is kept: 409, with the message and the
 * assignment to delete first (`{ message, assignment: { id, url } }`).
 */
export const DELETE: RequestHandler = async (event) => {
	const { viewer, db, lab } = await labRequest(event);
	const result = await deleteLab(db, lab.id, viewer);
	if (!result) error(404, 'There is no lab of yours here.');
	if (result.kind === 'assigned')
		return json({ message: result.message, assignment: result.assignment }, { status: 409 });
	return json({ title: result.title, wasPublished: result.wasPublished });
};
