import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { readSandboxConfig } from '../../sandbox/src/config';
import { DockerEngineDriver } from '../../sandbox/src/engine/docker-driver';
import type { Engine } from '../../sandbox/src/engine/driver';
import type { Session } from '../../sandbox/src/sessions/manager';
import { TerminalHub } from '../../sandbox/src/terminal/hub';
import { TerminalClient } from './terminal-client';

/** The engine's prompt ends in a (coloured) "#" and a space. */
// eslint-disable-next-line no-control-regex -- the prompt's colour codes start with ESC
const PROMPT = /#(?:\x1b\[[0-9;]*m)* $/;

/**
 * The terminal hub against a real engine on Berth's Docker daemon, through
 * a real WebSocket server: what the API server will do, minus HTTP routing.
 */
describe('terminal hub with a real engine', () => {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-terminal-'));
	const config = {
		...readSandboxConfig({ ...process.env, BERTH_DATA_DIR: dataDir }),
		instance: 'test-terminal'
	};
	const driver = new DockerEngineDriver(config);
	const hub = new TerminalHub({ driver, recordingsDir: path.join(dataDir, 'recordings') });
	const sessionId = `tterm${Date.now().toString(36)}`;
	let engine: Engine;
	let session: Session;
	let wss: WebSocketServer;
	let url: string;
	let activity = 0;

	beforeAll(async () => {
		// Engines left by an earlier run that was killed: this instance name is ours alone.
		for (const stale of await driver.list()) await driver.remove(stale);
		engine = await driver.create({ sessionId, limits: config.limits });
		const now = new Date().toISOString();
		session = {
			record: {
				id: sessionId,
				owner: 'tester',
				namespace: 'tester',
				engineId: engine.id,
				createdAt: now,
				expiresAt: now,
				lastActivityAt: now
			},
			engine
		};
		wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
		await new Promise((resolve) => wss.once('listening', resolve));
		wss.on('connection', (ws, req) => {
			const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
			const size = { cols: Number(q.get('cols')), rows: Number(q.get('rows')) };
			void hub.attach(ws, session, q.get('tab') ?? '', size, () => activity++);
		});
		url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await hub.closeAll();
		await new Promise((resolve) => wss?.close(resolve));
		if (engine) await driver.remove(engine);
		driver.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	async function open(tab: string, cols = 100, rows = 30): Promise<TerminalClient> {
		const client = new TerminalClient(`${url}/?tab=${tab}&cols=${cols}&rows=${rows}`);
		await client.opened();
		return client;
	}

	/** Types a command line and waits for `expected` in its output, then for the next prompt. */
	async function run(
		client: TerminalClient,
		line: string,
		expected?: string | RegExp
	): Promise<string> {
		const from = client.output.length;
		client.type(line + '\r');
		if (expected) await client.waitFor(expected, from);
		await client.waitFor(PROMPT, from);
		return client.output.slice(from);
	}

	let one: TerminalClient;

	it('runs a command typed into a fresh shell', async () => {
		one = await open('one');
		await one.waitFor(PROMPT);
		await run(one, 'echo hello-$((6*7))', 'hello-42');
		expect(activity).toBeGreaterThan(0);
	});

	it('resizes the shell', async () => {
		expect(await run(one, 'stty size', /\d+ \d+/)).toMatch(/\b30 100\b/);
		one.control({ type: 'resize', cols: 132, rows: 43 });
		one.control({ type: 'resize', cols: 5000, rows: 43 }); // refused: the size stays
		await one.until(() => one.frames.length > 0, 'an error frame for the bad resize');
		// The resize is a Docker API call, applied asynchronously to input: ask until it shows.
		let size = '';
		for (let i = 0; i < 20 && !/\b43 132\b/.test(size); i++) {
			size = await run(one, 'stty size', /\d+ \d+/);
		}
		expect(size).toMatch(/\b43 132\b/);
	});

	it('gives a second tab a shell of its own', async () => {
		const two = await open('two');
		await two.waitFor(PROMPT);
		await run(one, 'cd /tmp');
		expect(await run(one, 'pwd', '/tmp')).toContain('/tmp');
		const pwd = await run(two, 'pwd', '/root');
		expect(pwd).not.toContain('/tmp');
		const pids = await Promise.all([
			run(one, 'echo pid=$$', /pid=\d+/),
			run(two, 'echo pid=$$', /pid=\d+/)
		]);
		const [a, b] = pids.map((out) => /pid=(\d+)/.exec(out.replace('pid=$$', ''))?.[1]);
		expect(a).toBeDefined();
		expect(a).not.toBe(b);
		await two.close();
	});

	it('replays recent output to a socket that reconnects, into the same shell', async () => {
		await one.close();
		one = await open('one', 132, 43);
		await one.until(() => one.binaryFrames.length > 0, 'the replay frame');
		expect(one.binaryFrames[0]!.toString()).toContain('hello-42');
		// The same shell: still in /tmp.
		expect(await run(one, 'pwd', '/tmp')).toContain('/tmp');
	});

	it('measures keystroke echo (reported, not asserted)', async () => {
		const samples: number[] = [];
		const letters = 'abcdefghijklmnopqrstuvwxyz';
		for (let i = 0; i < 200; i++) {
			const ch = letters[i % letters.length]!;
			const from = one.output.length;
			const started = performance.now();
			one.type(ch);
			await one.until(() => one.output.indexOf(ch, from) >= 0, `echo of ${ch}`);
			samples.push(performance.now() - started);
			if (i % 50 === 49) one.type('\x15'); // Ctrl-U: keep the line short
		}
		one.type('\x15');
		samples.sort((x, y) => x - y);
		const at = (p: number) =>
			samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;
		console.log(
			`keystroke echo over ${samples.length} keys: p50 ${at(50).toFixed(2)} ms, p95 ${at(95).toFixed(2)} ms, ` +
				`p99 ${at(99).toFixed(2)} ms, max ${samples.at(-1)!.toFixed(2)} ms`
		);
	});

	it('survives a flood: Ctrl-C works, and an unwatched flood waits for a watcher', async () => {
		let flood = await open('flood');
		await flood.waitFor(PROMPT);
		flood.type('yes\r');
		await flood.until(() => flood.output.length > 1_000_000, 'a megabyte of y', 20_000);
		flood.type('\x03');
		await flood.waitFor(PROMPT, flood.output.length - 64, 20_000);
		flood.type('yes\r');
		await flood.waitFor('y\r\ny\r\ny');
		await flood.close();
		// Nobody watches: after a megabyte the hub stops reading, so the recording stops growing.
		const size = () => hub.recordings(sessionId).find((r) => r.tab === 'flood')!.bytes;
		await new Promise((r) => setTimeout(r, 1500));
		const parked = size();
		await new Promise((r) => setTimeout(r, 1000));
		expect(size()).toBe(parked);
		flood = await open('flood');
		await flood.until(() => flood.output.length > 2_000_000, 'the flood again', 20_000);
		flood.type('\x03');
		await flood.waitFor(PROMPT, flood.output.length - 64, 20_000);
		await flood.close();
	});

	it('sends an exit frame when the shell exits, and a fresh shell on the next attach', async () => {
		one.type('exit\r');
		expect(await one.closed).toEqual({ code: 1000, reason: 'shell exited' });
		expect(one.frames.at(-1)).toEqual({ type: 'exit', code: 0 });
		one = await open('one');
		await one.waitFor(PROMPT, one.binaryFrames[0]?.length ?? 0);
		// A new shell starts in the home directory, not in the old shell's /tmp.
		expect(await run(one, 'pwd', '/root')).not.toContain('/tmp');
		await one.close();
	});

	it('closes with 4004 when the engine is gone', async () => {
		await driver.remove(engine);
		const client = await open('three');
		expect((await client.closed).code).toBe(4004);
		expect(client.frames[0]).toMatchObject({ type: 'error' });
	});

	it('records each tab in asciicast v2, with input, output and resizes', async () => {
		hub.closeSession(sessionId, 'test over');
		await hub.closeAll(); // waits for the recordings to be written
		// A tab whose shell never started (the engine was gone) has no recording.
		const recordings = hub.recordings(sessionId);
		expect(recordings.map((r) => r.tab)).toEqual(['flood', 'one', 'two']);
		const lines = fs.readFileSync(recordings[1]!.file, 'utf8').trimEnd().split('\n');
		expect(recordings[1]!.bytes).toBe(fs.statSync(recordings[1]!.file).size);
		const header = JSON.parse(lines[0]!);
		expect(header).toMatchObject({
			version: 2,
			width: 100,
			height: 30,
			env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
			title: `${sessionId} one`
		});
		expect(Math.abs(header.timestamp - Date.now() / 1000)).toBeLessThan(600);
		const events = lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);
		let last = 0;
		for (const [time, code, data] of events) {
			expect(['o', 'i', 'r']).toContain(code);
			expect(typeof data).toBe('string');
			expect(time).toBeGreaterThanOrEqual(last);
			last = time;
		}
		const text = (code: string) =>
			events
				.filter((e) => e[1] === code)
				.map((e) => e[2])
				.join('');
		expect(text('i')).toContain('echo hello-$((6*7))\r');
		expect(text('o')).toContain('hello-42');
		expect(events.filter((e) => e[1] === 'r').map((e) => e[2])).toContain('132x43');
	});
});
