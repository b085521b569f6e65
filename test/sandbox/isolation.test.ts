import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from '../../sandbox/src/state/types';
import { useSandbox } from '../helpers/sandbox';

/**
 * Every escape listed in docs/security.md, tried for real from a learner's
 * shell and from a privileged container inside the engine. Each must fail.
 */
let a: string;
let b: string;
let listener: net.Server;
let listenerPort: number;

/** The host's own addresses (not loopback): where host services listen on 0.0.0.0. */
const hostAddresses = Object.values(os.networkInterfaces())
	.flat()
	.filter((i) => i && i.family === 'IPv4' && !i.internal)
	.map((i) => i!.address);

const service = useSandbox('isolation', {
	env: {
		SANDBOX_ENGINE_MEMORY_MB: '256',
		SANDBOX_ENGINE_PIDS: '256',
		SANDBOX_ENGINE_DISK_MB: '600'
	}
});
beforeAll(async () => {
	// A service on the host, listening on every address, that no engine may reach.
	listener = net.createServer((socket) => socket.end('host secret\n'));
	await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
	listenerPort = (listener.address() as net.AddressInfo).port;
	const { client } = service();
	[a, b] = await Promise.all([
		client.createSession({ owner: 'learner-a' }).then((s) => s.id),
		client.createSession({ owner: 'learner-b' }).then((s) => s.id)
	]);
});

afterAll(async () => {
	listener?.close();
});

const sh = (id: string, script: string, timeoutMs = 30_000) =>
	service().client.sh(id, script, { timeoutMs });

/** Runs `script` in a privileged container with the host's view of nothing: everything nested allows. */
const privileged = (id: string, script: string) =>
	sh(
		id,
		`docker run --rm --privileged --pid=host --net=host -v /:/engine busybox sh -c '${script.replace(/'/g, `'\\''`)}'`,
		60_000
	);

/** The major and minor numbers of the host's root disk. */
function hostDisk(): { major: number; minor: number } {
	const device = execFileSync('findmnt', ['-n', '-o', 'SOURCE', '/'], { encoding: 'utf8' }).trim();
	const stat = fs.statSync(device);
	return { major: Math.floor(stat.rdev / 256), minor: stat.rdev % 256 };
}

describe.each([
	['the learner shell', (id: string, script: string) => sh(id, script)],
	['a privileged nested container', privileged]
])('escapes from %s', (_, run) => {
	it('cannot read the host disk through a device node', async () => {
		const { major, minor } = hostDisk();
		const result = await run(
			a,
			`mknod /tmp/disk b ${major} ${minor} && head -c 512 /tmp/disk | wc -c`
		);
		expect(result.stdout.trim()).not.toBe('512');
	});

	it('cannot mount the host disk', async () => {
		const { major, minor } = hostDisk();
		const result = await run(
			a,
			`mknod /tmp/d b ${major} ${minor}; mkdir -p /tmp/m && mount /tmp/d /tmp/m && ls /tmp/m`
		);
		expect(result.exitCode).not.toBe(0);
	});

	it('cannot set the kernel core_pattern (a host-wide exec hook)', async () => {
		const before = fs.readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
		await run(a, `echo "|/tmp/evil" > /proc/sys/kernel/core_pattern`);
		expect(fs.readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).toBe(before);
	});

	it('cannot mount a cgroup hierarchy to set a release_agent', async () => {
		const result = await run(
			a,
			'mkdir -p /tmp/cg && mount -t cgroup -o memory cgroup /tmp/cg && ls /tmp/cg/release_agent'
		);
		expect(result.exitCode).not.toBe(0);
	});

	it("cannot reach Berth's Docker daemon", async () => {
		const result = await run(
			a,
			'ls -la /run/berth/docker.sock /engine/run/berth/docker.sock 2>&1; true'
		);
		expect(result.stdout).not.toMatch(/^s/m); // no socket listed
	});
});

describe('the engine itself', () => {
	it('cannot raise its own cgroup limits', async () => {
		const result = await sh(
			a,
			'echo 9223372036854771712 > /sys/fs/cgroup/memory/memory.limit_in_bytes; echo -1 > /sys/fs/cgroup/pids/pids.max; cat /sys/fs/cgroup/memory/memory.limit_in_bytes'
		);
		expect(Number(result.stdout.trim())).toBe(256 * 1024 * 1024);
	});

	it("sees only its own Docker: none of the host daemon's containers", async () => {
		const result = await sh(
			a,
			"docker ps -a --format '{{.Names}}'; docker info --format '{{.Name}}'"
		);
		expect(result.stdout).not.toContain('berth-engine-');
		expect(result.stdout.trim().split('\n').at(-1)).toBe('berth');
	});
});

describe('network reach', () => {
	const probe = (id: string, host: string, port: number) =>
		sh(
			id,
			`curl -s -m 2 -o /dev/null -w '%{http_code}' http://${host}:${port}/ ; echo " exit=$?"`
		).then((r) => ({
			...r,
			stdout: r.stdout.trim()
		}));

	it('reaches no service of the host, on any of its addresses', async () => {
		for (const host of [...hostAddresses, '10.213.255.1', '10.213.0.1']) {
			for (const id of [a]) {
				const result = await probe(id, host, listenerPort);
				expect(result.stdout, `${host}:${listenerPort}`).toMatch(/exit=(7|28)$/); // refused or timed out
			}
		}
	});

	it('reaches neither the sandbox API nor the host from a nested container', async () => {
		const port = Number(new URL(service().url).port);
		const result = await sh(
			a,
			`docker run --rm busybox sh -c 'wget -q -T 2 -O- http://10.213.255.1:${port}/healthz; echo exit=$?'`
		);
		expect(result.stdout).toMatch(/exit=1/);
	});

	it("reaches no other learner's engine or published port", async () => {
		await sh(
			b,
			'docker run -d -p 8080:80 nginx >/dev/null && for i in $(seq 50); do curl -sf localhost:8080 >/dev/null && break; sleep 0.1; done'
		);
		const bState = await service().client.getSession(b);
		expect(bState.state).toBe('running');
		const ipOfB = (await sh(b, "hostname -i | awk '{print $1}'")).stdout.trim();
		expect(ipOfB).toMatch(/^10\.213\./);
		for (const port of [8080, 2375]) {
			const result = await probe(a, ipOfB, port);
			expect(result.stdout, `${ipOfB}:${port}`).toMatch(/exit=(7|28)$/);
		}
	});

	it("reaches Berth's registry, and only it", async () => {
		const result = await sh(
			a,
			"curl -s -m 5 -o /dev/null -w '%{http_code}' http://10.213.255.2:5000/v2/"
		);
		expect(['200', '401']).toContain(result.stdout.trim());
	});
});

describe('limits hold inside one engine while another keeps answering', () => {
	const stillAnswers = async () => {
		const started = Date.now();
		const result = await sh(b, 'echo alive', 20_000);
		return { ...result, ms: Date.now() - started };
	};

	it('a fork bomb stays inside its pids limit, and its engine can still be reset', async () => {
		// Its own session: the bomb's orphans keep an engine at its pids limit
		// until the learner resets it, which is the point of the limit.
		const bomber = (await service().client.createSession({ owner: 'learner-bomb' })).id;
		const bomb = sh(bomber, 'timeout 8 bash -c ":(){ :|:& };:" 2>/dev/null; echo done', 40_000);
		await new Promise((r) => setTimeout(r, 2000));
		const other = await stillAnswers();
		expect(other.stdout).toBe('alive\n');
		// The host can still start processes.
		expect(execFileSync('sh', ['-c', 'echo forked'], { encoding: 'utf8', timeout: 5000 })).toBe(
			'forked\n'
		);
		await bomb.catch(() => {});
		await service().client.deleteSession(bomber);
		await expect(service().client.getSession(bomber)).rejects.toMatchObject({ status: 404 });
	});

	it('a memory hog is killed at the memory limit, and its engine keeps working', async () => {
		// tail -c keeps what it reads: 600 MB in an engine limited to 256 MB.
		const hog = await sh(
			a,
			'head -c 600m /dev/zero | tail -c 600m >/dev/null; echo "exit=$?"',
			60_000
		);
		expect(hog.stdout.trim()).toBe('exit=137'); // SIGKILL from the OOM killer
		expect((await stillAnswers()).stdout).toBe('alive\n');
		const docker = await sh(a, 'docker run --rm busybox echo engine-ok', 60_000);
		expect(docker.stdout).toBe('engine-ok\n');
	});

	it('a disk filler fills only its own quota', async () => {
		const before = fs.statfsSync('/var/lib/berth');
		const fill = await sh(a, 'dd if=/dev/zero of=/root/fill bs=1M count=2000 2>&1', 120_000);
		expect(fill.stdout).toContain('No space left on device');
		const written = Number(/(\d+) bytes/.exec(fill.stdout)?.[1]);
		expect(written).toBeLessThanOrEqual(600 * 1024 * 1024);
		const after = fs.statfsSync('/var/lib/berth');
		// The host lost at most the quota (600 MB) plus slack, not the 2 GB asked for.
		const lostBytes = (before.bavail - after.bavail) * before.bsize;
		expect(lostBytes).toBeLessThan(700 * 1024 * 1024);
		expect((await stillAnswers()).stdout).toBe('alive\n');
		const write = await sh(b, 'echo fine > /root/ok && cat /root/ok');
		expect(write.stdout).toBe('fine\n');
		await sh(a, 'rm -f /root/fill');
	});
});

describe('what learners see of each other through the state API', () => {
	it('shows each session only its own containers', async () => {
		const stateA = await service().client.state<EngineState>(a);
		const stateB = await service().client.state<EngineState>(b);
		expect(stateB.containers.some((c) => c.image === 'nginx')).toBe(true);
		expect(stateA.containers.some((c) => c.image === 'nginx')).toBe(false);
	});
});

describe('address spoofing on the shared bridge', () => {
	it("cannot take over another engine's address to intercept what the host sends it", async () => {
		await sh(
			b,
			'docker rm -f spoof-target 2>/dev/null; docker run -d --name spoof-target -p 8081:80 nginx >/dev/null; for i in $(seq 50); do curl -sf localhost:8081 >/dev/null && break; sleep 0.1; done'
		);
		const ipOfB = (await sh(b, "hostname -i | awk '{print $1}'")).stdout.trim();
		const macOfB = (await sh(b, 'cat /sys/class/net/eth0/address')).stdout.trim();
		const macOfA = (await sh(a, 'cat /sys/class/net/eth0/address')).stdout.trim();
		// A claims B's addresses, IP and MAC, and serves a page of its own on the same port.
		await sh(a, `ip addr add ${ipOfB}/20 dev eth0 && ip link set eth0 address ${macOfB}`);
		await sh(
			a,
			`docker run -d -p 8081:80 busybox sh -c 'mkdir -p /w && echo SPOOFED > /w/index.html && httpd -f -p 80 -h /w' >/dev/null`
		);
		// And shouts it: gratuitous ARP replies, with busybox's arping copied into the engine.
		await sh(
			a,
			'docker create --name bb busybox >/dev/null && docker cp bb:/bin/busybox /tmp/busybox && docker rm bb >/dev/null'
		);
		const shouting = sh(
			a,
			`/tmp/busybox arping -A -c 40 -w 8 -I eth0 -s ${ipOfB} ${ipOfB} >/dev/null 2>&1; echo done`,
			30_000
		);
		// Forget what the namespace learned (pinned entries stay), so it would have to listen again.
		execFileSync('ip', ['netns', 'exec', 'berth', 'ip', 'neigh', 'flush', 'dev', 'berth0']);
		await new Promise((r) => setTimeout(r, 1500));
		for (let i = 0; i < 10; i++) {
			const page = await fetch(`http://${ipOfB}:8081/`).then((r) => r.text());
			expect(page).toContain('nginx');
			expect(page).not.toContain('SPOOFED');
			await new Promise((r) => setTimeout(r, 300));
		}
		await shouting;
		await sh(a, `ip link set eth0 address ${macOfA}; ip addr del ${ipOfB}/20 dev eth0`);
	});
});
