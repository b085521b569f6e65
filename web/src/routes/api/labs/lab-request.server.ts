import { error, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { canTeach } from '$lib/server/classes';
import { labForInstructor } from '$lib/server/custom-labs';
import { readBody } from '$lib/server/request';
import { LAB_MAX_BYTES } from '$lib/lab-files';

/**
 * The checks every lab API route makes: a signed-in instructor (or admin), a
 * request from our own pages, and a lab of a class they teach. Anyone else's
 * lab is a 404, so lab ids of other classes stay unknown.
 */
export async function labRequest(event: RequestEvent) {
	const user = event.locals.user;
	if (!user) error(401, 'Sign in first.');
	// JSON APIs get no help from SvelteKit's form CSRF check: only our own pages may call.
	if (event.request.headers.get('origin') !== event.url.origin)
		error(403, 'Cross-site request refused.');
	if (!canTeach(user)) error(403, 'Labs are written by instructors.');
	const db = await getDb();
	const lab = await labForInstructor(db, event.params.lab ?? '', user);
	if (!lab) error(404, 'There is no lab of yours here.');
	return { viewer: user, db, lab };
}

/** JSON escapes can double a text's size; a lab's source is at most LAB_MAX_BYTES. */
const BODY_LIMIT = 2 * LAB_MAX_BYTES + 64 * 1024;

/** The `{ files: { path: text } }` a lab editor sends, read with a size limit. */
export async function readFiles(request: Request): Promise<Record<string, string>> {
	const tooLarge = () => error(413, 'A lab’s files add up to more than 1 MiB.');
	const bytes = await readBody(request, BODY_LIMIT);
	if (!bytes) tooLarge();
	let body: unknown;
	try {
		body = JSON.parse(Buffer.from(bytes!).toString('utf8'));
	} catch {
		error(400, 'The request was not JSON.');
	}
	const files = (body as { files?: unknown } | null)?.files;
	if (typeof files !== 'object' || files === null || Array.isArray(files))
		error(400, 'files: expected an object of path → text.');
	return files as Record<string, string>;
}
