import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * An engine holds NET_ADMIN in its own network namespace, so it could claim
 * another engine's IP (answering ARP for it) or MAC (poisoning the bridge's
 * forwarding table) and intercept what the host sends that engine: previews,
 * state. Before any learner gets the engine, we pin its addresses in Berth's
 * namespace: a permanent neighbour entry (ARP replies cannot change it) and a
 * static forwarding entry on its own bridge port (learning cannot move it).
 */
export interface PinOptions {
	/** Berth's network namespace, e.g. /run/netns/berth. */
	netns: string;
	bridge: string;
	/** The engine's init process, as the host sees it. */
	pid: number;
	ip: string;
	mac: string;
}

const inNetns = (netns: string, args: string[]) => run('nsenter', [`--net=${netns}`, ...args]);

export async function pinAddress(options: PinOptions): Promise<void> {
	const { netns, bridge, pid, ip, mac } = options;
	// The engine's eth0 names its peer's index: the bridge port, in Berth's namespace.
	const peerIndex = Number(
		fs.readFileSync(`/proc/${pid}/root/sys/class/net/eth0/iflink`, 'utf8').trim()
	);
	const { stdout } = await inNetns(netns, ['ip', '-o', 'link', 'show']);
	const line = stdout.split('\n').find((l) => l.startsWith(`${peerIndex}: `));
	const port = line?.split(': ')[1]?.split('@')[0];
	if (!port) throw new Error(`no bridge port with index ${peerIndex} for engine ${ip}`);

	await inNetns(netns, [
		'ip',
		'neigh',
		'replace',
		ip,
		'lladdr',
		mac,
		'dev',
		bridge,
		'nud',
		'permanent'
	]);
	await inNetns(netns, ['bridge', 'fdb', 'replace', mac, 'dev', port, 'master', 'static']);
	await inNetns(netns, ['bridge', 'link', 'set', 'dev', port, 'learning', 'off']);
}

/** Forgets an engine's pinned IP, so the next engine given that IP is reachable. */
export async function unpinAddress(netns: string, bridge: string, ip: string): Promise<void> {
	await inNetns(netns, ['ip', 'neigh', 'del', ip, 'dev', bridge]).catch(() => {});
}
