import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { Flow } from './flow';

type FakeSocket = { readyState: number; bufferedAmount: number };

function setup() {
	const sockets = new Set<FakeSocket>();
	const events: string[] = [];
	const flow = new Flow({
		sockets: () => sockets as unknown as Set<WebSocket>,
		setReading: (reading) => events.push(reading ? 'resume' : 'pause'),
		drop: (ws) => {
			events.push('drop');
			sockets.delete(ws as unknown as FakeSocket);
			flow.check();
		},
		highWater: 100,
		lowWater: 10,
		limit: 1000,
		stallMs: 5000,
		maxUnwatched: 500
	});
	const socket = (bufferedAmount = 0): FakeSocket => {
		const s = { readyState: WebSocket.OPEN, bufferedAmount };
		sockets.add(s);
		return s;
	};
	return { flow, events, socket, sockets };
}

describe('Flow', () => {
	afterEach(() => vi.useRealTimers());

	it('stops reading above the high-water mark and reads again once every socket is under the low one', () => {
		const { flow, events, socket } = setup();
		const fast = socket(0);
		const slow = socket(50);
		flow.output(10, true);
		expect(events).toEqual([]);
		slow.bufferedAmount = 101;
		flow.output(10, true);
		expect(flow.reading).toBe(false);
		slow.bufferedAmount = 40;
		flow.sent();
		expect(events).toEqual(['pause']); // between the marks: stays paused
		slow.bufferedAmount = 10;
		fast.bufferedAmount = 0;
		flow.sent();
		expect(events).toEqual(['pause', 'resume']);
		expect(flow.reading).toBe(true);
	});

	it('ignores sockets that are no longer open', () => {
		const { flow, events, socket } = setup();
		const closing = socket(500);
		closing.readyState = WebSocket.CLOSING;
		flow.check();
		expect(events).toEqual([]);
	});

	it('drops a socket that stays behind, so the shell is not held up for the others', () => {
		vi.useFakeTimers();
		const { flow, events, socket } = setup();
		socket(0);
		socket(500);
		flow.check();
		vi.advanceTimersByTime(4999);
		expect(events).toEqual(['pause']);
		vi.advanceTimersByTime(1);
		expect(events).toEqual(['pause', 'drop', 'resume']);
		expect(flow.reading).toBe(true);
	});

	it('resumes when the slow socket leaves', () => {
		const { flow, events, socket, sockets } = setup();
		const slow = socket(500);
		flow.check();
		sockets.delete(slow);
		flow.check();
		expect(events).toEqual(['pause', 'resume']);
	});

	it('flags a socket over the hard limit', () => {
		const { flow, socket } = setup();
		expect(flow.overLimit(socket(1000) as unknown as WebSocket)).toBe(false);
		expect(flow.overLimit(socket(1001) as unknown as WebSocket)).toBe(true);
	});

	it('stops reading a shell nobody watches after maxUnwatched bytes, until someone attaches', () => {
		const { flow, events } = setup();
		flow.output(300, false);
		flow.output(200, false);
		expect(events).toEqual([]);
		flow.output(1, false);
		expect(events).toEqual(['pause']);
		flow.output(1000, false);
		expect(events).toEqual(['pause']);
		flow.attached();
		expect(events).toEqual(['pause', 'resume']);
		// The count starts again from the attach.
		flow.output(500, false);
		expect(events).toEqual(['pause', 'resume']);
	});

	it('a parked shell stays parked while a socket catches up, and the reverse', () => {
		const { flow, events, socket, sockets } = setup();
		const slow = socket(500);
		flow.check(); // behind
		sockets.delete(slow);
		flow.output(600, false); // nobody watches: parked; not yet resumed because behind
		expect(events).toEqual(['pause']);
		flow.check(); // no sockets: caught up, but still parked
		expect(events).toEqual(['pause']);
		flow.attached();
		expect(events).toEqual(['pause', 'resume']);
	});

	it('forgets its state on reset (the shell ended) without calling back', () => {
		vi.useFakeTimers();
		const { flow, events, socket } = setup();
		socket(500);
		flow.check();
		flow.reset();
		vi.advanceTimersByTime(10_000);
		expect(events).toEqual(['pause']);
		expect(flow.reading).toBe(true);
	});
});
