import { error, json } from '@sveltejs/kit';
import { unpublishLab } from '$lib/server/lab-withdrawal';
import { labRequest } from '../../lab-request.server';
import type { RequestHandler } from './$types';

/**
 * Unpublishes the lab: the class's learners can no longer open it, nor can
 * it be assigned; the draft stays. A lab the class is assigned stays
 * published: 409, with the message and the assignment to delete first
 * (`{ message, assignment: { id, url } }`); so does one not published.
 */
export const POST: RequestHandler = async (event) => {
	const { viewer, db, lab } = await labRequest(event);
	const result = await unpublishLab(db, lab.id, viewer);
	if (!result) error(404, 'There is no lab of yours here.');
	if (result.kind === 'assigned')
		return json({ message: result.message, assignment: result.assignment }, { status: 409 });
	if (result.kind === 'not-published') error(409, result.message);
	return json({ unpublished: true });
};
