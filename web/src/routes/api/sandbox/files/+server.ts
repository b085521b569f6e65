import { json, type RequestEvent } from '@sveltejs/kit';
import { ownedSession, sandbox, SandboxError, type SandboxSession } from '$lib/server/sandbox';
import { explain, FileApiError, looksBinary, readLimited } from './files.server';
import type { RequestHandler } from './$types';

/**
 * Files in the learner's home, for the editor: GET lists a directory (JSON)
 * or returns a file's text (text/plain); PUT saves a file (at most 1 MiB).
 * `?session=<id>&path=<p>`, path relative to /root; the sandbox service
 * confines it there. Only the session's owner gets anything.
 */
export const GET: RequestHandler = (event) =>
	answer(event, async (session, path) => {
		try {
			const bytes = await sandbox().readFile(session.id, path);
			if (looksBinary(bytes))
				throw new FileApiError(
					415,
					`${path} is not a text file: the editor opens text files only.`,
					'binary'
				);
			return new Response(new TextDecoder().decode(bytes), {
				headers: {
					'content-type': 'text/plain; charset=utf-8',
					'x-berth-kind': 'file',
					'cache-control': 'no-store'
				}
			});
		} catch (error) {
			if (!(error instanceof SandboxError && error.code === 'is_directory')) throw error;
		}
		const listing = await sandbox().listDirectory(session.id, path);
		return json(
			{ path: listing.path, type: 'directory', entries: listing.entries },
			{ headers: { 'x-berth-kind': 'directory', 'cache-control': 'no-store' } }
		);
	});

export const PUT: RequestHandler = (event) =>
	answer(
		event,
		async (session, path) => {
			if (path === '.' || path === '/root' || path.endsWith('/'))
				throw new FileApiError(400, 'path: must name a file, not a directory.', 'bad_request');
			const body = await readLimited(event.request);
			await sandbox().writeFile(session.id, path, body);
			return json({ path, bytes: body.byteLength });
		},
		'write'
	);

async function answer(
	{ locals, request, url }: RequestEvent,
	work: (session: SandboxSession, path: string) => Promise<Response>,
	op: 'read' | 'write' = 'read'
): Promise<Response> {
	if (!locals.user) return problem(401, 'Sign in or start as a guest first.');
	// Only our own pages may call. Browsers send Origin on every PUT; on a
	// same-origin GET they may leave it out, so there an absent one passes.
	const origin = request.headers.get('origin');
	if (origin ? origin !== url.origin : request.method !== 'GET')
		return problem(403, 'Cross-site request refused.');
	if (
		request.method === 'GET' &&
		['cross-site', 'same-site'].includes(request.headers.get('sec-fetch-site') ?? '')
	)
		return problem(403, 'Cross-site request refused.');

	const id = url.searchParams.get('session');
	if (!id) return problem(400, 'session: required (the id of your sandbox session).');
	const path = url.searchParams.get('path') || '.';
	if (path.length > 4096) return problem(400, 'path: too long (at most 4096 characters).');

	try {
		const session = await ownedSession(id, locals.user.id);
		if (!session)
			return problem(404, 'No such session: it has ended, or it is not yours.', 'no_session');
		return await work(session, path);
	} catch (error) {
		const known = error instanceof FileApiError ? error : explainOrLog(error, path, op);
		return problem(known.status, known.message, known.code);
	}
}

function explainOrLog(error: unknown, path: string, op: 'read' | 'write'): FileApiError {
	try {
		return explain(error, path, op);
	} catch (unexpected) {
		console.error(`berth: files API ${op} of ${path} failed`, unexpected);
		return new FileApiError(500, `Could not ${op} ${path}: something went wrong on our side.`);
	}
}

function problem(status: number, message: string, code = 'error'): Response {
	return json({ message, code }, { status, headers: { 'cache-control': 'no-store' } });
}
