import { error } from '@sveltejs/kit';
import { sandbox, SandboxError } from '$lib/server/sandbox';
import { isRecordingName } from '../recording-name';
import { requireReplay, sandboxUnavailable } from '../replay.server';
import type { RequestHandler } from './$types';

/** A learner's terminal recording (asciicast v2), passed on from the sandbox as it is read. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	await requireReplay(locals, url, params);
	if (!isRecordingName(params.name)) error(404, 'There is no recording by that name.');
	let body: ReadableStream<Uint8Array>;
	try {
		body = await sandbox().recordingStream(params.engine, params.name);
	} catch (cause) {
		if (cause instanceof SandboxError && cause.status === 404)
			error(404, 'There is no recording by that name.');
		sandboxUnavailable(cause);
	}
	return new Response(body, {
		headers: {
			'content-type': 'application/x-asciicast',
			'content-disposition': `inline; filename="${params.name}.cast"`,
			// What a learner typed, passwords included: never kept by a shared cache.
			'cache-control': 'private, no-store'
		}
	});
};
