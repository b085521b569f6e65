import { error, json } from '@sveltejs/kit';
import { publishLab } from '$lib/server/custom-labs';
import { labRequest } from '../../lab-request.server';
import type { RequestHandler } from './$types';

/** Publishes the saved draft to the class, if that very draft was proven solvable (else 409). */
export const POST: RequestHandler = async (event) => {
	const { viewer, db, lab } = await labRequest(event);
	const result = await publishLab(db, lab.id, viewer);
	if (!result) error(404, 'There is no lab of yours here.');
	if (result.kind === 'unproven') error(409, result.message);
	return json({ publishedAt: result.publishedAt.toISOString(), slug: result.slug });
};
