import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsciicastWriter } from './asciicast';
import { lastOutput, listRecordings, openRecording } from './recordings';

/** A writer on an in-memory sink, with a clock the test moves. */
function setup(maxBytes = 1024 * 1024) {
	const sink = new PassThrough();
	const chunks: Buffer[] = [];
	sink.on('data', (chunk: Buffer) => chunks.push(chunk));
	let now = 1000;
	const writer = new AsciicastWriter(sink, {
		size: { cols: 100, rows: 30 },
		title: 'abc tab1',
		maxBytes,
		now: () => now,
		timestamp: 1_700_000_000
	});
	const lines = () =>
		Buffer.concat(chunks)
			.toString('utf8')
			.split('\n')
			.filter((l) => l !== '')
			.map((l) => JSON.parse(l) as unknown);
	return {
		writer,
		lines,
		advance: (ms: number) => (now += ms),
		text: () => Buffer.concat(chunks).toString()
	};
}

describe('AsciicastWriter', () => {
	it('writes the v2 header, then output, input and resize events with elapsed seconds', async () => {
		const { writer, lines, advance } = setup();
		advance(250);
		writer.output(Buffer.from('$ '));
		advance(1250.5);
		writer.input(Buffer.from('l'));
		advance(0.0004);
		writer.resize({ cols: 120, rows: 40 });
		await writer.close();
		expect(lines()).toEqual([
			{
				version: 2,
				width: 100,
				height: 30,
				timestamp: 1_700_000_000,
				env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
				title: 'abc tab1'
			},
			[0.25, 'o', '$ '],
			[1.5005, 'i', 'l'],
			// Microsecond precision: 0.4 µs more rounds to the same time.
			[1.5005, 'r', '120x40']
		]);
	});

	it('does not corrupt a multi-byte character split across chunks', async () => {
		const { writer, lines } = setup();
		const euro = Buffer.from('a€b'); // € is e2 82 ac
		writer.output(euro.subarray(0, 2)); // "a" and half of "€"
		writer.output(euro.subarray(2, 3));
		writer.output(euro.subarray(3));
		await writer.close();
		const text = lines()
			.slice(1)
			.map((e) => (e as [number, string, string])[2])
			.join('');
		expect(text).toBe('a€b');
		expect(text).not.toContain('\uFFFD');
	});

	it('escapes control characters so every event stays one JSON line', async () => {
		const { writer, lines, text } = setup();
		writer.output(Buffer.from('\x1b[1mbold\x1b[0m\r\nnext "quoted"\n'));
		await writer.close();
		expect(text().split('\n').filter(Boolean)).toHaveLength(2);
		expect(lines()[1]).toEqual([0, 'o', '\x1b[1mbold\x1b[0m\r\nnext "quoted"\n']);
	});

	it('stops at the size bound with a final marker, and never passes it', async () => {
		const { writer, lines, text } = setup(2000);
		for (let i = 0; i < 500; i++) writer.output(Buffer.from('y\n'));
		expect(writer.recording).toBe(false);
		writer.output(Buffer.from('after the end'));
		await writer.close();
		expect(Buffer.byteLength(text())).toBeLessThanOrEqual(2000);
		expect(writer.bytes).toBe(Buffer.byteLength(text()));
		const events = lines().slice(1) as [number, string, string][];
		const last = events.at(-1)!;
		expect(last[1]).toBe('m');
		expect(last[2]).toMatch(/size limit/);
		expect(events.filter((e) => e[1] === 'o').length).toBeGreaterThan(10);
		expect(text()).not.toContain('after the end');
	});

	it('stops recording, and says so once, when the file cannot be written', async () => {
		const log = vi.fn();
		const failing = new Writable({ write: (_c, _e, cb) => cb(new Error('disk full')) });
		const writer = new AsciicastWriter(failing, {
			size: { cols: 80, rows: 24 },
			title: 't',
			maxBytes: 1e6,
			log
		});
		await new Promise((r) => setImmediate(r));
		expect(writer.recording).toBe(false);
		writer.output(Buffer.from('more'));
		await writer.close();
		expect(log).toHaveBeenCalledTimes(1);
	});
});

describe('recording files', () => {
	let dir: string;
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('writes <dir>/<session>/<tab>.cast, never overwrites, and lists them by tab', async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cast-'));
		const options = {
			recordingsDir: dir,
			sessionId: 's1',
			size: { cols: 80, rows: 24 },
			maxBytes: 1e6
		};
		const first = openRecording({ ...options, tab: 'main' });
		first.writer.output(Buffer.from('hello'));
		await first.writer.close();
		const again = openRecording({ ...options, tab: 'main' });
		await again.writer.close();
		const other = openRecording({ ...options, tab: 'a-tab' });
		await other.writer.close();

		expect(first.file).toBe(path.join(dir, 's1', 'main.cast'));
		expect(again.file).toBe(path.join(dir, 's1', 'main.2.cast'));
		const listed = listRecordings(dir, 's1');
		expect(listed.map((r) => path.basename(r.file))).toEqual([
			'a-tab.cast',
			'main.cast',
			'main.2.cast'
		]);
		expect(listed[1]).toMatchObject({ tab: 'main', bytes: fs.statSync(first.file).size });
		expect(fs.readFileSync(first.file, 'utf8')).toContain('"o","hello"');
	});

	it('gives back the tail of a tab’s latest recording, output only (a screen to restore)', async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cast-'));
		const options = {
			recordingsDir: dir,
			sessionId: 's2',
			size: { cols: 80, rows: 24 },
			maxBytes: 1e6
		};
		expect(lastOutput(dir, 's2', 'main', 100).length).toBe(0);
		const old = openRecording({ ...options, tab: 'main' });
		old.writer.output(Buffer.from('from the first shell'));
		await old.writer.close();
		const latest = openRecording({ ...options, tab: 'main' });
		latest.writer.output(Buffer.from('$ ls\r\n'));
		latest.writer.input(Buffer.from('typed, not shown'));
		latest.writer.resize({ cols: 100, rows: 30 });
		for (let i = 0; i < 200; i++) latest.writer.output(Buffer.from(`line ${i} “quoted”\r\n`));
		await latest.writer.close();

		const all = lastOutput(dir, 's2', 'main', 1e6).toString();
		expect(all.startsWith('$ ls\r\nline 0 “quoted”')).toBe(true);
		expect(all).not.toContain('typed, not shown');
		expect(all).not.toContain('first shell');
		const tail = lastOutput(dir, 's2', 'main', 64);
		expect(tail.length).toBe(64);
		expect(tail.toString().endsWith('line 199 “quoted”\r\n')).toBe(true);
		expect(lastOutput(dir, 's2', 'other', 64).length).toBe(0);
	});

	it('refuses unsafe session ids and tab names', () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cast-'));
		const base = { recordingsDir: dir, size: { cols: 80, rows: 24 }, maxBytes: 1e6 };
		expect(() => openRecording({ ...base, sessionId: '../x', tab: 'main' })).toThrow();
		expect(() => openRecording({ ...base, sessionId: 's', tab: '../main' })).toThrow();
		expect(listRecordings(dir, '..')).toEqual([]);
		expect(listRecordings(dir, 'nosuchsession')).toEqual([]);
	});
});
