import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { TerminalClient } from '../../../test/sandbox/terminal-client';
import type { EngineDriver, Shell, TerminalSize } from '../engine/driver';
import type { Session } from '../sessions/manager';
import { TerminalHub } from './hub';

/** A shell in memory: the test prints for it and sees what it was sent. */
class FakeShell implements Shell {
	readonly input: Buffer[] = [];
	readonly sizes: TerminalSize[] = [];
	readonly stream = new Duplex({
		read() {},
		write: (chunk: Buffer, _encoding, callback) => {
			this.input.push(chunk);
			callback();
		}
	});
	readonly exited: Promise<number | null>;
	#exit!: (code: number | null) => void;

	constructor(readonly openedWith: TerminalSize) {
		this.exited = new Promise((resolve) => (this.#exit = resolve));
	}

	resize = async (size: TerminalSize) => void this.sizes.push(size);
	print(text: string) {
		this.stream.push(Buffer.from(text));
	}
	typed(): string {
		return Buffer.concat(this.input).toString();
	}
	exit(code: number) {
		this.stream.destroy();
		this.#exit(code);
	}
}

const session = (id: string) =>
	({ record: { id, owner: 'u1' }, engine: { id: `engine-${id}` } }) as unknown as Session;

describe('TerminalHub', () => {
	let dir: string;
	let shells: FakeShell[];
	let engineGone: boolean;
	let activity: number;
	let hub: TerminalHub;
	let wss: WebSocketServer;
	let url: string;

	beforeEach(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-hub-'));
		shells = [];
		engineGone = false;
		activity = 0;
		const driver = {
			openShell: async (_engine: unknown, size: TerminalSize) => {
				if (engineGone) throw new Error('no such container');
				const shell = new FakeShell(size);
				shells.push(shell);
				return shell;
			}
		} as unknown as EngineDriver;
		hub = new TerminalHub({ driver, recordingsDir: dir, maxTabs: 2, replayBytes: 1024 });
		wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
		await new Promise((resolve) => wss.once('listening', resolve));
		wss.on('connection', (ws, req) => {
			const q = new URL(req.url ?? '/', 'http://x').searchParams;
			const size = { cols: Number(q.get('cols') ?? 80), rows: Number(q.get('rows') ?? 24) };
			void hub.attach(
				ws,
				session(q.get('s') ?? 'sess1'),
				q.get('tab') ?? '',
				size,
				() => activity++
			);
		});
		url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
	});

	afterEach(async () => {
		await hub.closeAll();
		await new Promise((resolve) => wss.close(resolve));
		fs.rmSync(dir, { recursive: true, force: true });
	});

	async function connect(query: string): Promise<TerminalClient> {
		const client = new TerminalClient(`${url}?${query}`);
		await client.opened();
		return client;
	}
	const settle = () => new Promise((r) => setTimeout(r, 30));

	it('relays output to every socket of a tab and input from any socket to the shell', async () => {
		const a = await connect('tab=main&cols=100&rows=30');
		await settle();
		expect(shells).toHaveLength(1);
		expect(shells[0]!.openedWith).toEqual({ cols: 100, rows: 30 });
		const b = await connect('tab=main&cols=100&rows=30');
		await settle();
		expect(shells).toHaveLength(1); // the second socket joined the same shell
		shells[0]!.print('hello\r\n');
		await a.waitFor('hello');
		await b.waitFor('hello');
		a.type('x');
		b.type('y');
		await settle();
		expect(shells[0]!.typed()).toBe('xy');
		expect(activity).toBe(2);
		expect(hub.counts()).toEqual({ tabs: 1, sockets: 2 });
	});

	it('sends the replay first to a socket that reattaches', async () => {
		const a = await connect('tab=main');
		await settle();
		shells[0]!.print('line one\r\nline two\r\n');
		await a.waitFor('line two');
		await a.close();
		shells[0]!.print('while away\r\n');
		await settle();
		const b = await connect('tab=main');
		await b.waitFor('while away');
		expect(b.binaryFrames[0]!.toString()).toBe('line one\r\nline two\r\nwhile away\r\n');
	});

	it('applies valid resizes, answers bad ones with an error frame, and keeps going', async () => {
		const a = await connect('tab=main');
		await settle();
		a.control({ type: 'resize', cols: 120, rows: 40 });
		a.control({ type: 'resize', cols: 0, rows: 40 });
		a.ws.send('garbage');
		await a.until(() => a.frames.length === 2, 'two error frames');
		expect(a.frames).toEqual([
			{ type: 'error', message: expect.stringMatching(/1\.\.1000/) },
			{ type: 'error', message: expect.stringMatching(/JSON/) }
		]);
		expect(shells[0]!.sizes).toEqual([{ cols: 120, rows: 40 }]);
		expect(activity).toBe(1);
		shells[0]!.print('still here');
		await a.waitFor('still here');
	});

	it('sends an exit frame when the shell exits, and starts a fresh shell on the next attach', async () => {
		const a = await connect('tab=main');
		await settle();
		shells[0]!.print('before exit\r\n');
		shells[0]!.exit(3);
		expect(await a.closed).toEqual({ code: 1000, reason: 'shell exited' });
		expect(a.frames).toEqual([{ type: 'exit', code: 3 }]);
		const b = await connect('tab=main');
		await settle();
		expect(shells).toHaveLength(2);
		expect(b.binaryFrames[0]!.toString()).toContain('before exit');
	});

	it('rejects invalid tab names (4400) and tabs beyond maxTabs (4008)', async () => {
		const bad = await connect('tab=../etc');
		expect((await bad.closed).code).toBe(4400);
		expect(bad.frames[0]).toMatchObject({ type: 'error' });
		await connect('tab=one');
		await connect('tab=two');
		const third = await connect('tab=three');
		expect((await third.closed).code).toBe(4008);
		expect(third.frames[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/2/) });
		// Another session has tabs of its own.
		await connect('tab=three&s=sess2');
		await settle();
		expect(hub.counts().tabs).toBe(3);
	});

	it('closes with 4004 when the engine is gone, without using up a tab', async () => {
		engineGone = true;
		const a = await connect('tab=main');
		expect((await a.closed).code).toBe(4004);
		expect(a.frames[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/engine/) });
		expect(hub.counts()).toEqual({ tabs: 0, sockets: 0 });
	});

	it('ends a session: sockets get 4000 and the reason, shells end, recordings are kept', async () => {
		const a = await connect('tab=main');
		await settle();
		shells[0]!.print('recorded output');
		a.type('recorded input');
		await a.waitFor('recorded output');
		await settle();
		hub.closeSession('sess1', 'idle');
		expect(await a.closed).toEqual({ code: 4000, reason: 'idle' });
		expect(shells[0]!.stream.destroyed).toBe(true);
		await hub.closeAll(); // waits for the recording to be written
		const [recording] = hub.recordings('sess1');
		expect(recording).toMatchObject({ tab: 'main', file: path.join(dir, 'sess1', 'main.cast') });
		const lines = fs.readFileSync(recording!.file, 'utf8').trim().split('\n');
		expect(JSON.parse(lines[0]!)).toMatchObject({
			version: 2,
			width: 80,
			height: 24,
			title: 'sess1 main'
		});
		expect(lines.slice(1).map((l) => JSON.parse(l).slice(1))).toEqual([
			['o', 'recorded output'],
			['i', 'recorded input']
		]);
		expect(hub.counts()).toEqual({ tabs: 0, sockets: 0 });
	});

	it('closes every socket with 1001 on shutdown', async () => {
		const a = await connect('tab=main');
		const b = await connect('tab=other');
		await hub.closeAll();
		expect((await a.closed).code).toBe(1001);
		expect((await b.closed).code).toBe(1001);
		const late = await connect('tab=main');
		expect((await late.closed).code).toBe(1001);
	});
});
