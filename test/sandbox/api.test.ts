import { beforeAll, describe, expect, it } from 'vitest';
import { SandboxError } from '../../sandbox/client';
import type { EngineState } from '../../sandbox/src/state/types';
import { useSandbox } from '../helpers/sandbox';

let sessionId: string;

const service = useSandbox('api');
beforeAll(async () => {
	sessionId = (await service().client.createSession({ owner: 'learner-1' })).id;
});

async function sh(script: string, timeoutMs = 60_000) {
	return service().client.sh(sessionId, script, { timeoutMs });
}

describe('the API contract', () => {
	it('answers 401 to a wrong token and to none', async () => {
		for (const authorization of ['Bearer wrong-token', '']) {
			const res = await fetch(`${service().url}/v1/sessions/${sessionId}`, {
				headers: { authorization }
			});
			expect(res.status).toBe(401);
			expect((await res.json()).error.code).toBe('unauthorized');
		}
	});

	it('answers 404 for an unknown session', async () => {
		await expect(service().client.getSession('no-such-session')).rejects.toMatchObject({
			status: 404
		});
	});

	it('answers 400 naming the field of a malformed body', async () => {
		const post = (body: string) =>
			fetch(`${service().url}/v1/sessions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${service().token}`, 'content-type': 'application/json' },
				body
			}).then(async (r) => ({
				status: r.status,
				message: (await r.json()).error.message as string
			}));
		expect(await post('{"owner": 42}')).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^owner: /)
		});
		expect(await post('{}')).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^owner: /)
		});
		expect(await post('not json')).toEqual({ status: 400, message: 'The body is not valid JSON' });
		await expect(service().client.exec(sessionId, [], {})).rejects.toMatchObject({
			status: 400,
			message: expect.stringMatching(/^cmd: /)
		});
	});

	it('describes a session', async () => {
		const session = await service().client.getSession(sessionId);
		expect(session).toMatchObject({
			id: sessionId,
			owner: 'learner-1',
			state: 'running',
			idleTimeoutSeconds: 1800
		});
		const lifetime = Date.parse(session.expiresAt) - Date.parse(session.createdAt);
		expect(lifetime).toBe(4 * 3600 * 1000);
	});
});

describe('a learner engine', () => {
	it('runs docker as root in /root, with images from Berth', async () => {
		const result = await sh('id -un; pwd; docker run --rm busybox echo hi');
		expect(result).toMatchObject({ exitCode: 0 });
		expect(result.stdout).toBe('root\n/root\nhi\n');
	});

	it('publishes a port that answers', async () => {
		const result = await sh(
			'docker run -d --name web -p 8080:80 nginx >/dev/null && for i in $(seq 50); do curl -sf localhost:8080 && break; sleep 0.1; done'
		);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('nginx');
	});

	it('keeps a named volume across container removal', async () => {
		const result = await sh(
			'docker run --rm -v notes:/data busybox sh -c "echo kept > /data/note" && docker run --rm -v notes:/data busybox cat /data/note'
		);
		expect(result.stdout.trim()).toBe('kept');
	});

	it('lets two containers reach each other by name on a user-defined network', async () => {
		const result = await sh(
			'docker network create app >/dev/null && docker run -d --name db --network app redis >/dev/null && ' +
				'sleep 1 && docker run --rm --network app redis redis-cli -h db ping'
		);
		expect(result.stdout.trim()).toBe('PONG');
	});

	it('builds a Dockerfile and runs the image', async () => {
		await service().client.writeFile(
			sessionId,
			'hello/Dockerfile',
			'FROM busybox\nCOPY msg.txt /msg.txt\nCMD ["cat", "/msg.txt"]\n'
		);
		await service().client.writeFile(sessionId, 'hello/msg.txt', 'built by berth\n');
		const result = await sh(
			'cd hello && docker build -q -t hello:1 . >/dev/null && docker run --rm hello:1'
		);
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe('built by berth\n');
	});

	it('brings a compose project up and down with its volumes', async () => {
		await service().client.writeFile(
			sessionId,
			'stack/docker-compose.yml',
			'version: "3.8"\nservices:\n  cache:\n    image: redis\n    volumes:\n      - cachedata:/data\nvolumes:\n  cachedata:\n'
		);
		const up = await sh(
			'cd stack && docker compose up -d 2>&1 && docker compose ps --services',
			120_000
		);
		expect(up.exitCode).toBe(0);
		expect(up.stdout).toContain('cache');
		const state = await service().client.state<EngineState>(sessionId);
		expect(state.compose).toContainEqual(
			expect.objectContaining({
				name: 'stack',
				services: [{ name: 'cache', containers: expect.any(Array), running: 1 }]
			})
		);
		await sh('docker volume create bystander');
		const down = await sh('cd stack && docker compose down --volumes', 120_000);
		expect(down.exitCode).toBe(0);
		const left = await sh(
			'docker volume ls -q; docker ps -aq --filter label=com.docker.compose.project=stack'
		);
		expect(left.stdout.split('\n')).not.toContain('stack_cachedata');
		expect(left.stdout.split('\n')).toContain('bystander'); // not the project's: untouched
	});

	it('reports state for graders: containers, ports, images with layers, volumes, networks', async () => {
		const state = await service().client.state<EngineState>(sessionId);
		const web = state.containers.find((c) => c.name === 'web');
		expect(web).toMatchObject({
			image: 'nginx',
			running: true,
			ports: [expect.objectContaining({ containerPort: 80, hostPort: 8080 })]
		});
		const hello = state.images.find((i) => i.tags.includes('hello:1'));
		expect(hello?.layers.at(-1)?.instruction).toBe('CMD ["cat" "/msg.txt"]');
		expect(hello?.layers.some((l) => l.instruction.startsWith('COPY'))).toBe(true);
		expect(state.volumes.map((v) => v.name)).toContain('notes');
		expect(state.networks.find((n) => n.name === 'app')).toMatchObject({
			builtin: false,
			driver: 'bridge'
		});
	});

	it('streams engine events as they happen', async () => {
		const controller = new AbortController();
		const seen: string[] = [];
		const reading = (async () => {
			for await (const event of service().client.events(sessionId, controller.signal)) {
				seen.push(`${event.Type}:${event.Action}`);
				if (event.Type === 'container' && event.Action === 'start') break;
			}
		})();
		await new Promise((r) => setTimeout(r, 300));
		await sh('docker run --rm busybox true');
		await Promise.race([reading, new Promise((r) => setTimeout(r, 15_000))]);
		controller.abort();
		expect(seen).toContain('container:start');
	});
});

describe('files in the learner home', () => {
	it('writes, reads and lists files', async () => {
		await service().client.writeFile(sessionId, '/root/app/server.js', 'console.log("hi")\n');
		expect((await service().client.readFile(sessionId, 'app/server.js')).toString()).toBe(
			'console.log("hi")\n'
		);
		const listing = await service().client.listDirectory(sessionId, 'app');
		expect(listing.entries).toContainEqual({ name: 'server.js', type: 'file', size: 18 });
	});

	it('refuses paths that escape the home, directly or through a symlink', async () => {
		await expect(service().client.readFile(sessionId, '../etc/passwd')).rejects.toMatchObject({
			status: 403
		});
		await expect(service().client.readFile(sessionId, '/etc/passwd')).rejects.toMatchObject({
			status: 403
		});
		await sh('ln -sfn /etc /root/etc-link');
		await expect(service().client.readFile(sessionId, 'etc-link/passwd')).rejects.toMatchObject({
			status: 403
		});
		await expect(service().client.writeFile(sessionId, 'etc-link/evil', 'x')).rejects.toMatchObject(
			{
				status: 403
			}
		);
		await expect(service().client.readFile(sessionId, 'no/such/file')).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('lifecycle', () => {
	it('extends a session', async () => {
		const before = await service().client.getSession(sessionId);
		const after = await service().client.extendSession(sessionId, 60 * 24);
		expect(Date.parse(after.expiresAt)).toBeGreaterThanOrEqual(Date.parse(before.expiresAt));
	});

	it('deletes a session and its engine', async () => {
		const doomed = await service().client.createSession({ owner: 'learner-2' });
		await service().client.deleteSession(doomed.id);
		await expect(service().client.getSession(doomed.id)).rejects.toBeInstanceOf(SandboxError);
		await expect(service().client.sh(doomed.id, 'true')).rejects.toMatchObject({ status: 404 });
	});
});

describe('event streams', () => {
	it('let go of their listeners when clients leave', async () => {
		// Twenty clients come and go; the service must not accumulate anything for them.
		for (let i = 0; i < 20; i++) {
			const controller = new AbortController();
			// Wait for an event that never comes, then leave.
			const reading = service()
				.client.events(sessionId, controller.signal)
				.next()
				.catch(() => {});
			await new Promise((r) => setTimeout(r, 50));
			controller.abort();
			await reading;
		}
		// Node warns past 10 listeners on one event: none may have been printed.
		await new Promise((r) => setTimeout(r, 200));
		expect(service().output()).not.toContain('MaxListenersExceededWarning');
	});
});
