import { fail, type RequestEvent } from '@sveltejs/kit';

/** Account forms are tiny; anything bigger than this is refused. */
export const FORM_LIMIT_BYTES = 16 * 1024;

const tooLarge = () =>
	fail(413, {
		message: `That form was too large to accept (the limit is ${FORM_LIMIT_BYTES / 1024} KB). Check what you pasted into it.`
	});

/**
 * Reads a request's body of at most `limit` bytes, stopping as soon as it
 * passes the limit (whether or not the client announced its length), so an
 * oversized body is never held whole. Null when it is too large.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array | null> {
	if (Number(request.headers.get('content-length')) > limit) return null;
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body?.getReader();
	while (reader) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	const body = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		body.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return body;
}

/**
 * Reads a small form, stopping as soon as the body passes the limit (whether
 * or not the client announced its length), so an oversized post is refused
 * with a message the form can show, and nothing is created.
 */
export async function readSmallForm(event: RequestEvent) {
	const bytes = await readBody(event.request, FORM_LIMIT_BYTES);
	if (!bytes) return { form: null, failure: tooLarge() } as const;

	try {
		const body = new Response(bytes as BlobPart, {
			headers: { 'content-type': event.request.headers.get('content-type') ?? '' }
		});
		return { form: await body.formData(), failure: null } as const;
	} catch {
		return {
			form: null,
			failure: fail(400, { message: 'That request was not a form Berth could read.' })
		} as const;
	}
}

export function isSecure(event: RequestEvent): boolean {
	return event.url.protocol === 'https:';
}
