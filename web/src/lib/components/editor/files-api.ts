import type { Entry } from './paths';

/** A files API answer that was not a success, with the message to show. */
export class FilesError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** e.g. 'no_such_file', 'no_session', 'too_large', 'is_directory', 'binary'. */
		readonly code = 'error'
	) {
		super(message);
		this.name = 'FilesError';
	}
}

const address = (session: string, path: string) =>
	`/api/sandbox/files?${new URLSearchParams({ session, path: path || '.' })}`;

async function call(url: string, init?: RequestInit): Promise<Response> {
	let res: Response;
	try {
		res = await fetch(url, init);
	} catch {
		throw new FilesError(0, 'Berth could not be reached. Check your connection and try again.');
	}
	if (res.ok) return res;
	let message = `The request failed (HTTP ${res.status}).`;
	let code = 'error';
	try {
		const body = (await res.json()) as { message?: string; code?: string };
		message = body.message ?? message;
		code = body.code ?? code;
	} catch {
		// not JSON: keep the generic message
	}
	if (res.status === 401) message = 'You are signed out. Sign in again to keep editing.';
	throw new FilesError(res.status, message, code);
}

export async function listDirectory(session: string, path: string): Promise<Entry[]> {
	const res = await call(address(session, path));
	if (res.headers.get('x-berth-kind') !== 'directory')
		throw new FilesError(409, `${path} is a file, not a directory.`, 'not_directory');
	return ((await res.json()) as { entries: Entry[] }).entries;
}

export async function readText(session: string, path: string): Promise<string> {
	const res = await call(address(session, path));
	if (res.headers.get('x-berth-kind') === 'directory')
		throw new FilesError(409, `${path} is a directory, not a file.`, 'is_directory');
	return res.text();
}

export async function saveText(session: string, path: string, text: string): Promise<void> {
	await call(address(session, path), {
		method: 'PUT',
		body: text,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}
