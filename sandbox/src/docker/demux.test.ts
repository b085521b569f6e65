import { describe, expect, it } from 'vitest';
import { Demuxer } from './demux';

function frame(type: number, text: string): Buffer {
	const payload = Buffer.from(text);
	const header = Buffer.alloc(8);
	header[0] = type;
	header.writeUInt32BE(payload.length, 4);
	return Buffer.concat([header, payload]);
}

describe('Demuxer', () => {
	it('splits frames into stdout and stderr, across arbitrary chunk boundaries', () => {
		const out: string[] = [];
		const demux = new Demuxer((stream, data) => out.push(`${stream}:${data}`));
		const all = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')]);
		// One byte at a time: the worst case for framing.
		for (let i = 0; i < all.length; i++) demux.push(all.subarray(i, i + 1));
		expect(out).toEqual(['stdout:hello ', 'stderr:oops', 'stdout:world']);
	});

	it('holds an incomplete frame until the rest arrives', () => {
		const out: string[] = [];
		const demux = new Demuxer((stream, data) => out.push(`${stream}:${data}`));
		const whole = frame(1, 'partial');
		demux.push(whole.subarray(0, 10));
		expect(out).toEqual([]);
		demux.push(whole.subarray(10));
		expect(out).toEqual(['stdout:partial']);
	});
});
