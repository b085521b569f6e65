import { describe, expect, it } from 'vitest';
import { TerminalConnection, type ConnectionState, type SocketLike } from './connection';

class FakeSocket implements SocketLike {
	binaryType: BinaryType = 'blob';
	readyState = 0;
	onopen: SocketLike['onopen'] = null;
	onmessage: SocketLike['onmessage'] = null;
	onclose: SocketLike['onclose'] = null;
	sent: (string | Uint8Array)[] = [];
	constructor(readonly url: string) {}
	send(data: string | Uint8Array) {
		this.sent.push(data);
	}
	close() {
		this.readyState = 3;
	}
	open() {
		this.readyState = 1;
		this.onopen?.(new Event('open'));
	}
	receive(data: string | Uint8Array) {
		const payload = typeof data === 'string' ? data : data.buffer;
		this.onmessage?.({ data: payload } as MessageEvent);
	}
	drop(code: number, reason = '') {
		this.readyState = 3;
		this.onclose?.({ code, reason } as CloseEvent);
	}
}

function setup() {
	const sockets: FakeSocket[] = [];
	const states: ConnectionState[] = [];
	const output: { text: string; replay: boolean }[] = [];
	const timers: { fn: () => void; ms: number }[] = [];
	const connection = new TerminalConnection({
		url: ({ cols, rows }) => `ws://site/ws/terminal?cols=${cols}&rows=${rows}`,
		size: () => ({ cols: 100, rows: 30 }),
		onoutput: (bytes, replay) => output.push({ text: new TextDecoder().decode(bytes), replay }),
		onstate: (state) => states.push(state),
		createSocket: (url) => {
			const socket = new FakeSocket(url);
			sockets.push(socket);
			return socket;
		},
		setTimer: (fn, ms) => timers.push({ fn, ms }),
		clearTimer: () => {}
	});
	return { connection, sockets, states, output, timers };
}

const text = (data: string | Uint8Array) =>
	typeof data === 'string' ? data : new TextDecoder().decode(data);

describe('TerminalConnection', () => {
	it('opens at the terminal size and marks the first frame of each attach as the replay', () => {
		const { connection, sockets, output } = setup();
		connection.connect();
		expect(sockets[0]!.url).toBe('ws://site/ws/terminal?cols=100&rows=30');
		sockets[0]!.open();
		sockets[0]!.receive(new TextEncoder().encode('old screen'));
		sockets[0]!.receive(new TextEncoder().encode('# '));
		expect(output).toEqual([
			{ text: 'old screen', replay: true },
			{ text: '# ', replay: false }
		]);
	});

	it('holds input typed before the socket opens and sends it once open', () => {
		const { connection, sockets } = setup();
		connection.connect();
		connection.send('docker ps\r');
		expect(sockets[0]!.sent).toEqual([]);
		sockets[0]!.open();
		expect(sockets[0]!.sent.map(text)).toEqual(['docker ps\r']);
		connection.resize(90, 20);
		expect(sockets[0]!.sent.at(-1)).toBe('{"type":"resize","cols":90,"rows":20}');
	});

	it('reconnects with growing pauses after drops, and starts over once it gets through', () => {
		const { connection, sockets, states, timers } = setup();
		connection.connect();
		sockets[0]!.open();
		sockets[0]!.drop(1006);
		expect(states.at(-1)).toMatchObject({ kind: 'waiting', attempt: 1 });
		timers.shift()!.fn();
		sockets[1]!.drop(1011);
		expect(states.at(-1)).toMatchObject({ kind: 'waiting', attempt: 2 });
		expect(timers[0]!.ms).toBeGreaterThanOrEqual(500);
		timers.shift()!.fn();
		sockets[2]!.open();
		expect(states.at(-1)).toEqual({ kind: 'open' });
		sockets[2]!.drop(1001);
		expect(states.at(-1)).toMatchObject({ kind: 'waiting', attempt: 1 });
		expect(sockets).toHaveLength(3);
	});

	it('stops on a session end, a lost engine or an exited shell', () => {
		const { connection, sockets, states, timers } = setup();
		connection.connect();
		sockets[0]!.open();
		sockets[0]!.drop(4000, 'expired');
		expect(states.at(-1)).toEqual({ kind: 'ended', message: 'Your session ended (expired).' });

		connection.connect();
		sockets[1]!.open();
		sockets[1]!.receive('{"type":"exit","code":3}');
		sockets[1]!.drop(1000);
		expect(states.at(-1)).toEqual({ kind: 'exited', code: 3 });

		connection.connect();
		sockets[2]!.drop(4004);
		expect(states.at(-1)).toMatchObject({ kind: 'engine-lost' });
		expect(timers).toEqual([]);
	});

	it('passes error messages on, and does nothing more once disposed', () => {
		const notices: string[] = [];
		const { connection, sockets, timers } = setup();
		const withNotices = new TerminalConnection({
			url: () => 'ws://x',
			size: () => ({ cols: 1, rows: 1 }),
			onoutput: () => {},
			onstate: () => {},
			onnotice: (m) => notices.push(m),
			createSocket: (url) => {
				const s = new FakeSocket(url);
				sockets.push(s);
				return s;
			}
		});
		withNotices.connect();
		sockets[0]!.receive('{"type":"error","message":"control message is not JSON"}');
		expect(notices).toEqual(['control message is not JSON']);

		connection.connect();
		connection.dispose();
		sockets[1]!.drop(1006);
		expect(timers).toEqual([]);
	});
});
