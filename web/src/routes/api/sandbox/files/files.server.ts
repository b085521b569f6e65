import { readBody } from '$lib/server/request';
import { SandboxError } from '$lib/server/sandbox';

/** The most the editor may save, as the sandbox service allows (docs/sandbox-api.md). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** An answer for the learner: status and a message that names what was wrong. */
export class FileApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** For the editor to act on: no_such_file, no_session, too_large, ... */
		readonly code = 'error'
	) {
		super(message);
	}
}

/**
 * Reads a request body of at most `limit` bytes, stopping as soon as it
 * passes the limit whether or not the client announced its length.
 */
export async function readLimited(request: Request, limit = MAX_FILE_BYTES): Promise<Uint8Array> {
	const tooLarge = () =>
		new FileApiError(
			413,
			`The file is larger than 1 MiB (${limit} bytes), the most the editor can save.`,
			'too_large'
		);
	const body = await readBody(request, limit);
	if (!body) throw tooLarge();
	return body;
}

/** True when `bytes` look like a binary file (a NUL in the first 8 KiB, as git decides). */
export function looksBinary(bytes: Uint8Array): boolean {
	return bytes.subarray(0, 8192).includes(0);
}

/**
 * Turns a sandbox service error about `path` into a message for the learner;
 * errors that are not about their input are passed on (logged, then 500).
 */
export function explain(error: unknown, path: string, op: 'read' | 'write'): FileApiError {
	if (!(error instanceof SandboxError)) throw error;
	switch (error.code) {
		case 'not_found':
			return new FileApiError(404, `There is no file or directory at ${path}.`, 'no_such_file');
		case 'outside_home':
			return new FileApiError(
				403,
				`${path} is outside your home directory (/root).`,
				'outside_home'
			);
		case 'too_large':
			return op === 'read'
				? new FileApiError(
						413,
						`${path} is larger than 1 MiB: too large to open in the editor.`,
						'too_large'
					)
				: new FileApiError(
						413,
						`The file is larger than 1 MiB, the most the editor can save.`,
						'too_large'
					);
		case 'is_directory':
			return new FileApiError(409, `${path} is a directory, not a file.`, 'is_directory');
		case 'bad_request':
			return new FileApiError(400, error.message, 'bad_request');
	}
	if (error.status === 503)
		return new FileApiError(
			503,
			'The sandbox is not answering right now. Try again in a moment.',
			'unavailable'
		);
	throw error;
}
