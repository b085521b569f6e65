import { describe, expect, it } from 'vitest';
import { decide, isNamespace, repositoryOf } from './access';

const allow = { allow: true };

describe('repositoryOf', () => {
	it('finds the repository in registry API paths', () => {
		expect(repositoryOf('/v2/library/redis/manifests/7')).toBe('library/redis');
		expect(repositoryOf('/v2/ada/my-app/blobs/uploads/')).toBe('ada/my-app');
		expect(repositoryOf('/v2/ada/team/app/tags/list')).toBe('ada/team/app');
		expect(repositoryOf('/v2/../etc/manifests/x')).toBeNull();
		expect(repositoryOf('/v2/Ada/App/manifests/1')).toBeNull();
	});
});

describe('the Docker Hub face', () => {
	const hub = (method: string, path: string) =>
		decide({ face: 'hub', method, path, namespace: null });

	it('serves the catalog read-only', () => {
		expect(hub('GET', '/v2/')).toEqual(allow);
		expect(hub('GET', '/v2/library/redis/manifests/latest')).toEqual(allow);
		expect(hub('HEAD', '/v2/library/node/blobs/sha256:abc')).toEqual(allow);
	});

	it('says plainly when Berth has no such image', () => {
		expect(hub('GET', '/v2/someone/thing/manifests/latest')).toMatchObject({
			allow: false,
			status: 404,
			message: expect.stringContaining('Berth has no image someone/thing')
		});
	});

	it('refuses every push', () => {
		expect(hub('PUT', '/v2/library/redis/manifests/latest')).toMatchObject({
			allow: false,
			status: 405
		});
		expect(hub('POST', '/v2/library/redis/blobs/uploads/')).toMatchObject({
			allow: false,
			status: 405
		});
	});
});

describe("Berth's face", () => {
	const berth = (method: string, path: string, namespace: string | null) =>
		decide({ face: 'berth', method, path, namespace });

	it('asks for a login, then lets a learner push and pull in their namespace', () => {
		expect(berth('GET', '/v2/', null)).toMatchObject({ allow: false, status: 401 });
		expect(berth('GET', '/v2/', 'ada')).toEqual(allow);
		expect(berth('POST', '/v2/ada/app/blobs/uploads/', 'ada')).toEqual(allow);
		expect(berth('PUT', '/v2/ada/app/manifests/1.0', 'ada')).toEqual(allow);
		expect(berth('GET', '/v2/ada/app/manifests/1.0', 'ada')).toEqual(allow);
	});

	it("refuses another learner's namespace, for reading and writing", () => {
		expect(berth('PUT', '/v2/grace/app/manifests/1.0', 'ada')).toMatchObject({
			allow: false,
			status: 403,
			message: expect.stringContaining('yours is ada/')
		});
		expect(berth('GET', '/v2/grace/app/manifests/1.0', 'ada')).toMatchObject({
			allow: false,
			status: 403
		});
	});

	it('refuses pushes to library/ even with a login, but serves pulls', () => {
		expect(berth('PUT', '/v2/library/redis/manifests/latest', 'ada')).toMatchObject({
			allow: false,
			status: 403
		});
		expect(berth('GET', '/v2/library/redis/manifests/latest', null)).toEqual(allow);
	});

	it('wants a login before anything in a namespace', () => {
		expect(berth('GET', '/v2/ada/app/manifests/1.0', null)).toMatchObject({
			allow: false,
			status: 401
		});
	});

	it('does not list every repository', () => {
		expect(berth('GET', '/v2/_catalog', 'ada')).toMatchObject({ allow: false, status: 403 });
	});
});

describe('isNamespace', () => {
	it('accepts what the registry accepts, minus library', () => {
		expect(isNamespace('ada')).toBe(true);
		expect(isNamespace('ada-lovelace')).toBe(true);
		expect(isNamespace('library')).toBe(false);
		expect(isNamespace('Ada')).toBe(false);
		expect(isNamespace('-ada')).toBe(false);
		expect(isNamespace('a'.repeat(41))).toBe(false);
	});
});
