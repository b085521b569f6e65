import { fail, type RequestEvent } from '@sveltejs/kit';

/** Account forms are tiny; anything bigger than this is refused. */
export const FORM_LIMIT_BYTES = 16 * 1024;

const tooLarge = () =>
	fail(413, {
		message: `That form was too large to accept (the limit is ${FORM_LIMIT_BYTES / 1024} KB). Check what you pasted into it.`
	});

/**
 * Reads a small form, stopping as soon as the body passes the limit (whether
 * or not the client announced its length), so an oversized post is refused
 * with a message the form can show, and nothing is created.
 */
export async function readSmallForm(event: RequestEvent) {
	const declared = Number(event.request.headers.get('content-length'));
	if (declared > FORM_LIMIT_BYTES) return { form: null, failure: tooLarge() } as const;

	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = event.request.body?.getReader();
	while (reader) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > FORM_LIMIT_BYTES) {
			await reader.cancel();
			return { form: null, failure: tooLarge() } as const;
		}
		chunks.push(value);
	}

	try {
		const body = new Response(new Blob(chunks as BlobPart[]), {
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
