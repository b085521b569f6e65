import { afterAll, describe, expect, it } from 'vitest';
import { DockerClient } from '../../sandbox/src/docker/client';
import { removeInstance, startSandbox } from '../helpers/sandbox';

const docker = new DockerClient({ socketPath: process.env.BERTH_SOCK || '/run/berth/docker.sock' });
const instances: string[] = [];
function instanceName(label: string) {
	const name = `test-${label}-${Date.now().toString(36)}`;
	instances.push(name);
	return name;
}

afterAll(async () => {
	for (const instance of instances) await removeInstance(instance);
	docker.close();
});

async function engines(instance: string) {
	const filters = JSON.stringify({
		label: [`org.berth.instance=${instance}`, 'org.berth.role=engine']
	});
	return docker.request<{ Id: string; Labels: Record<string, string> }[]>(
		'GET',
		'/containers/json',
		{
			query: { all: true, filters }
		}
	);
}

const until = async (what: () => Promise<boolean>, ms: number) => {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await what()) return true;
		await new Promise((r) => setTimeout(r, 250));
	}
	return false;
};

describe('sessions across a restart of the service', () => {
	it('re-adopts running engines with their sessions and files, and sweeps what no session owns', async () => {
		const instance = instanceName('restart');
		const first = await startSandbox({ instance });
		const session = await first.client.createSession({ owner: 'learner-r' });
		await first.client.writeFile(session.id, 'kept.txt', 'still here\n');
		await first.client.sh(session.id, 'docker volume create survives >/dev/null');
		await first.stop();

		// A leftover engine no session owns: the start-up sweep must remove it.
		const orphan = await docker.request<{ Id: string }>('POST', '/containers/create', {
			query: { name: `berth-engine-orphan-${instance}` },
			body: {
				Image: 'berth/engine:latest',
				Cmd: ['sleep', '600'],
				Labels: {
					'org.berth.managed': 'true',
					'org.berth.role': 'engine',
					'org.berth.session': 'orphan',
					'org.berth.instance': instance
				}
			}
		});

		const second = await startSandbox({ instance, dataDir: first.dataDir });
		try {
			const again = await second.client.getSession(session.id);
			expect(again).toMatchObject({
				id: session.id,
				owner: 'learner-r',
				createdAt: session.createdAt
			});
			expect((await second.client.readFile(session.id, 'kept.txt')).toString()).toBe(
				'still here\n'
			);
			const volumes = await second.client.sh(session.id, 'docker volume ls -q');
			expect(volumes.stdout).toContain('survives');
			expect((await engines(instance)).map((e) => e.Id)).not.toContain(orphan.Id);
		} finally {
			await second.stop();
		}
	});

	it('leaves containers it did not create alone', async () => {
		const instance = instanceName('polite');
		// Someone else's container on the same daemon: no Berth labels at all.
		const stranger = await docker.request<{ Id: string }>('POST', '/containers/create', {
			query: { name: `not-berths-${instance}` },
			body: { Image: 'berth/engine:latest', Cmd: ['sleep', '600'] }
		});
		const service = await startSandbox({ instance });
		await service.stop();
		const still = await docker.request<{ Id: string }>('GET', `/containers/${stranger.Id}/json`);
		expect(still.Id).toBe(stranger.Id);
		await docker.request('DELETE', `/containers/${stranger.Id}`, { query: { force: true } });
	});
});

describe('limits on a session', () => {
	it('ends a session left idle, and removes its engine', async () => {
		const instance = instanceName('idle');
		const service = await startSandbox({
			instance,
			env: { SANDBOX_IDLE_TIMEOUT: '3', SANDBOX_POOL_SIZE: '0' }
		});
		try {
			const session = await service.client.createSession({ owner: 'learner-i' });
			expect(await engines(instance)).toHaveLength(1);
			const ended = await until(
				() =>
					service.client.getSession(session.id).then(
						() => false,
						() => true
					),
				20_000
			);
			expect(ended).toBe(true);
			expect(await until(async () => (await engines(instance)).length === 0, 10_000)).toBe(true);
		} finally {
			await service.stop();
		}
	});

	it('ends a session at its maximum lifetime even while in use', async () => {
		const instance = instanceName('lifetime');
		const service = await startSandbox({
			instance,
			env: { SANDBOX_MAX_LIFETIME: '4', SANDBOX_POOL_SIZE: '0' }
		});
		try {
			const session = await service.client.createSession({ owner: 'learner-l' });
			const ended = await until(async () => {
				// Keep it busy: activity must not postpone the lifetime limit.
				return service.client.sh(session.id, 'true').then(
					() => false,
					() => true
				);
			}, 20_000);
			expect(ended).toBe(true);
		} finally {
			await service.stop();
		}
	});
});
