import { describe, expect, it } from 'vitest';
import { engineView } from './engine-view';
import { container, image, observe } from './checks/fixtures';

describe('the engine view', () => {
	it('lists containers with ports (IPv4 and IPv6 once), networks and mounts', () => {
		const view = engineView(
			observe({
				containers: [
					container({
						ports: [
							{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
							{ containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 }
						],
						mounts: [
							{ type: 'volume', name: 'data', source: '/x', destination: '/data', readWrite: true }
						]
					})
				]
			}).state
		);
		expect(view.containers[0]).toMatchObject({
			name: 'web',
			status: 'running',
			ports: [{ hostPort: 8080, containerPort: 80 }],
			networks: ['bridge'],
			mounts: [{ kind: 'volume', source: 'data', destination: '/data' }]
		});
	});

	it('marks the layers a rebuild took from an earlier build', () => {
		const layer = (id: string | null, instruction: string) => ({
			id,
			instruction,
			createdBy: instruction,
			size: 1,
			created: '',
			empty: false
		});
		const old = image({
			id: 'sha256:old',
			created: '2026-11-22T10:00:00Z',
			layers: [layer(null, 'ADD base'), layer('i', 'RUN npm install'), layer('s1', 'COPY . .')]
		});
		const rebuilt = image({
			id: 'sha256:new',
			tags: ['app:latest'],
			created: '2026-11-22T10:05:00Z',
			layers: [layer(null, 'ADD base'), layer('i', 'RUN npm install'), layer('s2', 'COPY . .')]
		});
		const view = engineView(observe({ images: [rebuilt, old] }).state);
		expect(view.images).toHaveLength(1);
		expect(view.images[0]!.layers.map((l) => l.shared)).toEqual([false, true, false]);
	});
});
