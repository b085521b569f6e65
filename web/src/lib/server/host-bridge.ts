import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * What the SvelteKit app hands to the Node server that hosts it
 * (web/server/main.ts in production, a Vite plugin in development): the
 * server owns the port, the app owns everything that needs its modules.
 */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface HostBridge {
	handleUpgrade: UpgradeHandler;
	/** Closes WebSockets and the database; called once on shutdown. */
	stop(): Promise<void>;
}

export const HOST_BRIDGE = Symbol.for('berth.host-bridge');

type WithBridge = typeof globalThis & { [HOST_BRIDGE]?: HostBridge };

export function publishBridge(bridge: HostBridge): void {
	(globalThis as WithBridge)[HOST_BRIDGE] = bridge;
}

export function findBridge(): HostBridge | undefined {
	return (globalThis as WithBridge)[HOST_BRIDGE];
}
