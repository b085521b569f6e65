import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ApiError, badRequest } from '../errors';

export const MAX_JSON_BODY = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text)
	});
	res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
	if (res.headersSent) return void res.destroy();
	// Marks the service's own errors, so a proxy in front (the site's preview)
	// can tell them from the same status coming from a learner's app.
	res.setHeader('x-berth-error', error.code);
	sendJson(res, error.status, { error: { code: error.code, message: error.message } });
}

/** Reads a request body, refusing more than `limit` bytes (413). */
export async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (declared > limit)
		throw new ApiError(413, 'too_large', `The body is larger than ${limit} bytes`);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit)
			throw new ApiError(413, 'too_large', `The body is larger than ${limit} bytes`);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/**
 * Reads and checks a JSON body. A malformed one gets a 400 whose message
 * names the field at fault: "timeoutMs: must be at most 600000".
 */
export async function readJson<T extends z.ZodType>(
	req: IncomingMessage,
	schema: T
): Promise<z.infer<T>> {
	const raw = await readRaw(req, MAX_JSON_BODY);
	let value: unknown;
	try {
		value = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
	} catch {
		throw badRequest('The body is not valid JSON');
	}
	const result = schema.safeParse(value);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		const field = issue.path.length ? issue.path.join('.') : 'body';
		throw badRequest(`${field}: ${issue.message}`);
	}
	return result.data;
}
