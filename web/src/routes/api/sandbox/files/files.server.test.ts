import { describe, expect, it } from 'vitest';
import { SandboxError } from '$lib/server/sandbox';
import { explain, FileApiError, looksBinary, readLimited } from './files.server';

function streamed(parts: number[], headers: Record<string, string> = {}): Request {
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (const size of parts) controller.enqueue(new Uint8Array(size).fill(97));
			controller.close();
		}
	});
	return new Request('http://x/', { method: 'PUT', body, headers, duplex: 'half' } as RequestInit);
}

describe('readLimited', () => {
	it('reads a body made of several chunks', async () => {
		const body = await readLimited(streamed([3, 4]), 10);
		expect(new TextDecoder().decode(body)).toBe('aaaaaaa');
	});

	it('refuses a body past the limit, announced or not', async () => {
		await expect(readLimited(streamed([6, 6]), 10)).rejects.toMatchObject({
			status: 413,
			message: /larger than 1 MiB/
		});
		await expect(readLimited(streamed([1], { 'content-length': '11' }), 10)).rejects.toBeInstanceOf(
			FileApiError
		);
		expect((await readLimited(streamed([10]), 10)).byteLength).toBe(10);
	});
});

describe('looksBinary', () => {
	it('spots NUL bytes', () => {
		expect(looksBinary(new TextEncoder().encode('FROM debian\n'))).toBe(false);
		expect(looksBinary(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0]))).toBe(true);
	});
});

describe('explain', () => {
	it('names the path and what was wrong with it', () => {
		const e = (code: string, status = 400) => new SandboxError(status, code, 'x');
		expect(explain(e('not_found', 404), 'a.txt', 'read')).toMatchObject({
			status: 404,
			message: 'There is no file or directory at a.txt.'
		});
		expect(explain(e('outside_home', 403), '../etc', 'read').status).toBe(403);
		expect(explain(e('too_large', 413), 'big.iso', 'read').message).toMatch(/big\.iso is larger/);
		expect(explain(e('is_directory', 409), 'app', 'write').message).toBe(
			'app is a directory, not a file.'
		);
	});

	it('passes on errors that are not the learner’s to fix', () => {
		expect(() => explain(new Error('boom'), 'a', 'read')).toThrow('boom');
		expect(() => explain(new SandboxError(500, 'error', 'engine broke'), 'a', 'read')).toThrow();
	});
});
