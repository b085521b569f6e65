/**
 * Berth's production server: one Node process, one port, serving the
 * SvelteKit app (built by `vite build` into build/) and its WebSocket upgrades.
 *
 *   PORT (3000), HOST (127.0.0.1), plus adapter-node's ORIGIN, BODY_SIZE_LIMIT, ...
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { findBridge } from '../src/lib/server/host-bridge';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';

// adapter-node takes the protocol from ORIGIN or PROTOCOL_HEADER and otherwise
// assumes https, which would fail every form post's origin check on plain
// http. Unless the operator configured either (behind a TLS proxy, say), tell
// it the truth: this server speaks http, whatever name it is reached by
// (localhost, 127.0.0.1, a preview subdomain).
const OWN_PROTOCOL_HEADER = 'x-berth-protocol';
const stateProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (stateProtocol) process.env.PROTOCOL_HEADER = OWN_PROTOCOL_HEADER;

// adapter-node reads at most 512K of a request by default; a lab written in
// the browser may hold up to 1 MiB of files (custom-labs.ts), sent as JSON.
process.env.BODY_SIZE_LIMIT ||= '2M';

// Importing the handler starts the app (SvelteKit runs hooks.server.ts `init`),
// which opens and migrates the database and publishes the bridge.
// (A computed path: build/ is generated, and type-checking it is not our job.)
const built = process.env.BERTH_BUILD_DIR
	? pathToFileURL(path.resolve(process.env.BERTH_BUILD_DIR, 'build/handler.js')).href
	: new URL('../../build/handler.js', import.meta.url).href;
const { handler } = (await import(built)) as { handler: http.RequestListener };

const bridge = findBridge();
if (!bridge) throw new Error('The app did not start: hooks.server.ts init published no bridge');

const server = http.createServer((req, res) => {
	// Overwrite, never trust, whatever a client sent under this name.
	if (stateProtocol) req.headers[OWN_PROTOCOL_HEADER] = 'http';
	handler(req, res);
});
server.on('upgrade', bridge.handleUpgrade);
server.on('error', (error) => {
	console.error(`berth: cannot listen on ${host}:${port}:`, error.message);
	process.exit(1);
});
server.listen(port, host, () => {
	const { port: actual } = server.address() as AddressInfo;
	const shown = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
	console.log(`berth: listening on http://${shown}:${actual}`);
});

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`berth: ${signal}, shutting down`);
	// Give in-flight requests a moment; don't hang forever on a stuck client.
	const force = setTimeout(() => process.exit(1), 10_000).unref();
	server.close();
	server.closeIdleConnections();
	await bridge!.stop();
	clearTimeout(force);
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
