import { json } from '@sveltejs/kit';
import { validateLab } from '$lib/server/custom-labs';
import { labRequest, readFiles } from '../../lab-request.server';
import type { RequestHandler } from './$types';

/** What is wrong with a lab's files as they stand in the editor (not saved): `{ problems }`. */
export const POST: RequestHandler = async (event) => {
	await labRequest(event);
	return json({ problems: validateLab(await readFiles(event.request)) });
};
