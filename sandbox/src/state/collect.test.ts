import { describe, expect, it } from 'vitest';
import { DockerError, type DockerClient } from '../docker/client';
import { collectState, isRemovalRace } from './collect';

/** A daemon whose volume list fails `failures` times first, as Docker 20.10's does mid-removal. */
function daemon(
	failures: number,
	error = new DockerError(404, 'get old: no such volume', '/volumes')
) {
	let left = failures;
	const answers: Record<string, unknown> = {
		'/containers/json': [],
		'/images/json': [],
		'/networks': [],
		'/volumes': { Volumes: [{ Name: 'data', Driver: 'local', Labels: null }] }
	};
	const fake = {
		calls: 0,
		async request(_method: string, path: string) {
			fake.calls++;
			if (path === '/volumes' && left-- > 0) throw error;
			return answers[path];
		}
	};
	return fake as unknown as DockerClient & { calls: number };
}

describe('collecting an engine’s state', () => {
	it('tries again when something vanished while Docker listed it', async () => {
		const state = await collectState(daemon(2));
		expect(state.volumes.map((v) => v.name)).toEqual(['data']);
	});

	it('gives up after a few tries, and at once on other errors', async () => {
		await expect(collectState(daemon(10))).rejects.toThrow('no such volume');
		const broken = daemon(1, new DockerError(500, 'disk I/O error', '/volumes'));
		await expect(collectState(broken)).rejects.toThrow('disk I/O error');
		expect(broken.calls).toBe(4);
	});

	it('tries once more when the daemon was slow to answer, but not twice', async () => {
		const slow = () => new Error('Docker GET /volumes timed out after 10000 ms');
		const state = await collectState(daemon(1, slow() as DockerError));
		expect(state.volumes.map((v) => v.name)).toEqual(['data']);
		await expect(collectState(daemon(2, slow() as DockerError))).rejects.toThrow('timed out');
	});

	it('knows a removal race from other errors', () => {
		expect(isRemovalRace(new DockerError(404, 'No such container: abc', '/x'))).toBe(true);
		expect(isRemovalRace(new DockerError(500, 'get old: no such volume', '/volumes'))).toBe(true);
		expect(isRemovalRace(new DockerError(500, 'disk I/O error', '/x'))).toBe(false);
		expect(isRemovalRace(new Error('no such thing'))).toBe(false);
		expect(isRemovalRace(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
			true
		);
	});
});
