import { WebSocket, type RawData } from 'ws';
import type { SandboxClient } from '../../../../sandbox/client';

/** Close codes a browser may see; anything else from upstream becomes 1011. */
// (sandbox/src/terminal/protocol.ts: 4000 session ended, 4004 engine gone,
// 4008 too many tabs, 4009 too slow, 4400 bad tab name)
const PASS_THROUGH = new Set([1000, 1001, 4000, 4004, 4008, 4009, 4400]);
/** Frames from the browser held while the sandbox connection opens. */
const MAX_PENDING = 256;

/**
 * Relays a browser's terminal WebSocket to the sandbox service, frame for
 * frame (binary stays binary, text stays text), with the service token the
 * browser never sees.
 */
export function relayTerminal(browser: WebSocket, target: string, client: SandboxClient): void {
	const upstream = new WebSocket(target, {
		headers: { authorization: `Bearer ${client.token}` },
		perMessageDeflate: false
	});
	const pending: [RawData, boolean][] = [];

	browser.on('message', (data, isBinary) => {
		if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
		else if (pending.length < MAX_PENDING) pending.push([data, isBinary]);
	});
	upstream.on('open', () => {
		for (const [data, isBinary] of pending.splice(0)) upstream.send(data, { binary: isBinary });
	});
	upstream.on('message', (data, isBinary) => {
		if (browser.readyState === WebSocket.OPEN) browser.send(data, { binary: isBinary });
	});

	upstream.on('close', (code, reason) => {
		if (browser.readyState === WebSocket.OPEN) {
			browser.close(PASS_THROUGH.has(code) ? code : 1011, reason.toString().slice(0, 120));
		}
	});
	upstream.on('unexpected-response', (_req, res) => {
		browser.close(
			res.statusCode === 404 ? 4004 : 1011,
			res.statusCode === 404 ? 'session ended' : 'sandbox refused'
		);
	});
	upstream.on('error', () => {
		if (browser.readyState === WebSocket.OPEN) browser.close(1011, 'sandbox unavailable');
	});
	browser.on('close', () => upstream.terminate());
	browser.on('error', () => upstream.terminate());
}
