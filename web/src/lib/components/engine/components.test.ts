import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { EngineView } from '../../../../../lessons/engine-view';
import EngineDiagram from './engine-diagram.svelte';
import ImageLayers from './image-layers.svelte';

// Server-rendered, so what a visitor (and a screen reader) gets before any script runs.

const shop: EngineView = {
	containers: [
		{
			id: 'a1',
			name: 'web',
			image: 'nginx:alpine',
			running: true,
			status: 'running',
			ports: [{ hostPort: 8080, containerPort: 80 }],
			networks: ['shop_default', 'edge'],
			mounts: [
				{ kind: 'bind', source: '/home/sam/shop/site', destination: '/usr/share/nginx/html' }
			],
			project: 'shop'
		},
		{
			id: 'b2',
			name: 'db',
			image: 'postgres:17',
			running: false,
			status: 'exited (1)',
			ports: [],
			networks: ['shop_default'],
			mounts: [{ kind: 'volume', source: 'pgdata', destination: '/var/lib/postgresql/data' }],
			project: 'shop'
		},
		{
			id: 'c3',
			name: 'probe',
			image: 'busybox',
			running: true,
			status: 'running',
			ports: [],
			networks: ['host'],
			mounts: [],
			project: null
		}
	],
	networks: [
		{ name: 'bridge', driver: 'bridge', builtin: true },
		{ name: 'host', driver: 'host', builtin: true },
		{ name: 'shop_default', driver: 'bridge', builtin: false },
		{ name: 'edge', driver: 'bridge', builtin: false }
	],
	volumes: [
		{ name: 'pgdata', project: 'shop' },
		{ name: 'old', project: null }
	],
	images: [
		{
			id: 'f00',
			tags: ['shop-web:latest', 'shop-web:v2'],
			size: 48_200_000,
			layers: [
				{
					instruction: 'ADD alpine-minirootfs.tar.gz /',
					size: 7_800_000,
					empty: false,
					shared: false
				},
				{ instruction: 'CMD ["/bin/sh"]', size: 0, empty: true, shared: false },
				{ instruction: 'RUN npm ci', size: 40_000_000, empty: false, shared: true },
				{ instruction: 'COPY . .', size: 400_000, empty: false, shared: false }
			]
		},
		{ id: 'ba5e', tags: ['alpine:3'], size: 7_800_000, layers: [] }
	]
};

/** The text a reader gets, tags and spacing aside. */
function text(html: string): string {
	return html
		.replace(/<!--.*?-->/gs, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

describe('the engine diagram', () => {
	it('says it is waiting before the first observation', () => {
		const { body } = render(EngineDiagram, { props: { engine: null } });
		expect(text(body)).toContain('Connecting to your engine');
	});

	it('greets an empty engine with something to try', () => {
		const { body } = render(EngineDiagram, {
			props: { engine: { containers: [], networks: [], volumes: [], images: [] } }
		});
		expect(text(body)).toContain('No containers yet — try docker run …');
		expect(body).not.toContain('Published ports');
	});

	it('draws ports, networks, projects, states and storage', () => {
		const { body } = render(EngineDiagram, {
			props: { engine: shop, previewHref: (port: number) => `/preview/${port}/` }
		});
		const words = text(body);
		expect(words).toContain('3 containers, 2 running');
		expect(words).toContain('Engine port 8080 leads to container web port :80');
		expect(body).toContain('href="/preview/8080/"');
		expect(words).toContain('Compose project shop');
		// web is drawn once, in its first network, naming the other.
		expect(words.match(/\bweb\b/g)).toHaveLength(2); // its box, and the port leading to it
		expect(words).toContain('also on edge');
		expect(words).toContain('exited (1)');
		expect(words).toContain('bind …/shop/site → mounted at /usr/share/nginx/html');
		expect(words).toContain('volume pgdata → mounted at /var/lib/postgresql/data');
		expect(words).toContain("host network shares the engine's own network");
		expect(words).toContain('old not mounted: its data stays');
		// The empty user-defined network is still drawn.
		expect(words).toContain('edge network user-defined · containers reach each other by name');
	});

	it('leaves ports unlinked when there is nowhere to open them', () => {
		const { body } = render(EngineDiagram, { props: { engine: shop } });
		expect(body).not.toContain('<a ');
	});
});

describe('the image layers', () => {
	it('lists each image with its tags, size and layers, marking cache and metadata', () => {
		const { body } = render(ImageLayers, { props: { engine: shop } });
		const words = text(body);
		expect(words).toContain('shop-web:latest , shop-web:v2 48.2 MB · 4 layers · 1 cached');
		expect(words).toContain('RUN npm ci 40 MB cached');
		expect(words).toContain('CMD ["/bin/sh"] 0 B · metadata');
		// Base first, as in the Dockerfile.
		expect(words.indexOf('ADD alpine')).toBeLessThan(words.indexOf('COPY . .'));
		// Only the first image starts open.
		expect(body.match(/<details[^>]* open/g)).toHaveLength(1);
	});

	it('says so when there are no images', () => {
		const { body } = render(ImageLayers, {
			props: { engine: { containers: [], networks: [], volumes: [], images: [] } }
		});
		expect(text(body)).toContain('No images yet');
	});
});
