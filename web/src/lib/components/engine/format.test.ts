import { describe, expect, it } from 'vitest';
import type { EngineView } from '../../../../../lessons/engine-view';
import {
	containerTone,
	formatBytes,
	groupByNetwork,
	groupByProject,
	layerSize,
	layerStats,
	networkCaption,
	publishedPorts,
	shortName,
	shortPath,
	volumeUsage,
	type ContainerView
} from './format';

const builtins: EngineView['networks'] = [
	{ name: 'bridge', driver: 'bridge', builtin: true },
	{ name: 'host', driver: 'host', builtin: true },
	{ name: 'none', driver: 'null', builtin: true }
];

function container(over: Partial<ContainerView> = {}): ContainerView {
	return {
		id: 'aaaaaaaaaaaa',
		name: 'web',
		image: 'nginx:alpine',
		running: true,
		status: 'running',
		ports: [],
		networks: ['bridge'],
		mounts: [],
		project: null,
		...over
	};
}

function engine(over: Partial<EngineView> = {}): EngineView {
	return { containers: [], networks: builtins, volumes: [], images: [], ...over };
}

describe('formatBytes', () => {
	it('writes sizes in decimal units, as the Docker CLI does', () => {
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(999)).toBe('999 B');
		expect(formatBytes(1000)).toBe('1 kB');
		expect(formatBytes(1536)).toBe('1.5 kB');
		expect(formatBytes(7_812_345)).toBe('7.8 MB');
		expect(formatBytes(45_310_000)).toBe('45.3 MB');
		expect(formatBytes(187_400_000)).toBe('187 MB');
		expect(formatBytes(1_090_000_000)).toBe('1.1 GB');
	});

	it('moves up a unit instead of writing 1000 of one', () => {
		expect(formatBytes(999_960)).toBe('1 MB');
		expect(formatBytes(999_499)).toBe('999 kB');
	});

	it('answers a question mark for sizes that are not sizes', () => {
		expect(formatBytes(-1)).toBe('?');
		expect(formatBytes(Number.NaN)).toBe('?');
	});
});

describe('containerTone', () => {
	it('tells running, cleanly stopped, failed and in-between containers apart', () => {
		expect(containerTone({ running: true, status: 'running' })).toBe('running');
		expect(containerTone({ running: false, status: 'exited (0)' })).toBe('stopped');
		expect(containerTone({ running: false, status: 'exited (137)' })).toBe('failed');
		expect(containerTone({ running: false, status: 'dead' })).toBe('failed');
		expect(containerTone({ running: false, status: 'created' })).toBe('pending');
		expect(containerTone({ running: false, status: 'paused' })).toBe('pending');
	});
});

describe('groupByNetwork', () => {
	it('draws nothing for an empty engine but its user-defined networks', () => {
		expect(groupByNetwork(engine())).toEqual([]);
		const groups = groupByNetwork(
			engine({ networks: [...builtins, { name: 'shopnet', driver: 'bridge', builtin: false }] })
		);
		expect(groups).toEqual([{ name: 'shopnet', kind: 'user', driver: 'bridge', members: [] }]);
	});

	it('puts each container once, in its first network, naming the others', () => {
		const groups = groupByNetwork(
			engine({
				networks: [
					...builtins,
					{ name: 'front', driver: 'bridge', builtin: false },
					{ name: 'back', driver: 'bridge', builtin: false }
				],
				containers: [
					container({ id: '1', name: 'proxy', networks: ['front', 'back'] }),
					container({ id: '2', name: 'db', networks: ['back'] }),
					container({ id: '3', name: 'solo', networks: ['bridge'] })
				]
			})
		);
		expect(groups.map((g) => [g.name, g.kind, g.members.map((m) => m.container.name)])).toEqual([
			['bridge', 'bridge', ['solo']],
			['back', 'user', ['db']],
			['front', 'user', ['proxy']]
		]);
		expect(groups[2]!.members[0]!.otherNetworks).toEqual(['back']);
	});

	it('sets host networking and unattached containers apart, after the rest', () => {
		const groups = groupByNetwork(
			engine({
				containers: [
					container({ id: '1', name: 'h', networks: ['host'] }),
					container({ id: '2', name: 'gone', networks: [] }),
					container({ id: '3', name: 'b', networks: ['bridge'] }),
					container({ id: '4', name: 'n', networks: ['none'] })
				]
			})
		);
		expect(groups.map((g) => g.kind)).toEqual(['bridge', 'host', 'none', 'detached']);
	});

	it('sorts a region by name, so live updates do not shuffle it', () => {
		const groups = groupByNetwork(
			engine({
				containers: [
					container({ id: '1', name: 'zeta' }),
					container({ id: '2', name: 'alpha' }),
					container({ id: '3', name: 'mid' })
				]
			})
		);
		expect(groups[0]!.members.map((m) => m.container.name)).toEqual(['alpha', 'mid', 'zeta']);
	});

	it('draws a network the engine has not listed yet as user-defined', () => {
		const groups = groupByNetwork(engine({ containers: [container({ networks: ['late_net'] })] }));
		expect(groups).toMatchObject([{ name: 'late_net', kind: 'user', driver: null }]);
	});
});

describe('groupByProject', () => {
	it('keeps loose containers first, then each Compose project by name', () => {
		const members = [
			{ container: container({ name: 'b1', project: 'shop' }) },
			{ container: container({ name: 'x', project: null }) },
			{ container: container({ name: 'a1', project: 'blog' }) },
			{ container: container({ name: 'b2', project: 'shop' }) }
		];
		expect(
			groupByProject(members).map((g) => [g.project, g.members.map((m) => m.container.name)])
		).toEqual([
			[null, ['x']],
			['blog', ['a1']],
			['shop', ['b1', 'b2']]
		]);
	});
});

describe('publishedPorts', () => {
	it('lists every published port by engine port, naming the container it leads to', () => {
		const ports = publishedPorts(
			engine({
				containers: [
					container({ id: '1', name: 'api', ports: [{ hostPort: 9000, containerPort: 3000 }] }),
					container({
						id: '2',
						name: 'web',
						running: false,
						status: 'exited (0)',
						ports: [
							{ hostPort: 8443, containerPort: 443 },
							{ hostPort: 8080, containerPort: 80 }
						]
					})
				]
			})
		);
		expect(ports).toEqual([
			{ hostPort: 8080, containerPort: 80, containerId: '2', containerName: 'web', running: false },
			{
				hostPort: 8443,
				containerPort: 443,
				containerId: '2',
				containerName: 'web',
				running: false
			},
			{ hostPort: 9000, containerPort: 3000, containerId: '1', containerName: 'api', running: true }
		]);
	});
});

describe('volumeUsage', () => {
	it('names the containers mounting each volume, and none for an unused one', () => {
		const usage = volumeUsage(
			engine({
				volumes: [
					{ name: 'pgdata', project: 'shop' },
					{ name: 'cache', project: null }
				],
				containers: [
					container({
						name: 'db',
						mounts: [{ kind: 'volume', source: 'pgdata', destination: '/var/lib/postgresql/data' }]
					}),
					// A bind mount whose host path happens to share the name is not the volume.
					container({ name: 'web', mounts: [{ kind: 'bind', source: 'cache', destination: '/c' }] })
				]
			})
		);
		expect(usage).toEqual([
			{ name: 'cache', project: null, usedBy: [] },
			{ name: 'pgdata', project: 'shop', usedBy: ['db'] }
		]);
	});
});

describe('short names', () => {
	it('shortens anonymous volume names like container ids, and leaves named ones alone', () => {
		expect(shortName('a'.repeat(64))).toBe('aaaaaaaaaaaa');
		expect(shortName('pgdata')).toBe('pgdata');
	});

	it('keeps the end of a long host path', () => {
		expect(shortPath('/home/sam/projects/shop/site')).toBe('…/shop/site');
		expect(shortPath('/srv/site')).toBe('/srv/site');
	});
});

describe('layers', () => {
	const layers = [
		{ instruction: 'ADD rootfs.tar.xz /', size: 7_800_000, empty: false, shared: false },
		{ instruction: 'CMD ["sh"]', size: 0, empty: true, shared: false },
		{ instruction: 'RUN npm ci', size: 40_000_000, empty: false, shared: true },
		{ instruction: 'COPY . .', size: 12_000, empty: false, shared: false }
	];

	it('counts layers, the ones with files, the cached ones and the largest', () => {
		expect(layerStats({ layers })).toEqual({
			layers: 4,
			filesystem: 3,
			cached: 1,
			largest: 40_000_000
		});
		expect(layerStats({ layers: [] }).largest).toBe(0);
	});

	it('writes a metadata-only layer as such', () => {
		expect(layerSize(layers[1]!)).toBe('0 B · metadata');
		expect(layerSize(layers[3]!)).toBe('12 kB');
		// An empty RUN adds no files but is not metadata.
		expect(layerSize({ size: 0, empty: false })).toBe('0 B');
	});
});

describe('networkCaption', () => {
	it('says what each kind of network means', () => {
		expect(networkCaption({ name: 'bridge', kind: 'bridge', driver: 'bridge' }).note).toBe(
			'default network'
		);
		expect(networkCaption({ name: 'shop_default', kind: 'user', driver: 'bridge' })).toEqual({
			title: 'shop_default',
			note: 'user-defined · containers reach each other by name'
		});
		expect(networkCaption({ name: 'swarm', kind: 'user', driver: 'overlay' }).note).toBe(
			'user-defined (overlay) · containers reach each other by name'
		);
		expect(networkCaption({ name: 'host', kind: 'host', driver: 'host' }).note).toMatch(
			/engine's own network/
		);
	});
});
