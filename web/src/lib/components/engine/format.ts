import type { EngineView } from '../../../../../lessons/engine-view';

/**
 * Pure helpers behind the engine diagram and the image layers: how a size
 * reads, which network region a container is drawn in, what a port or a
 * volume connects. No DOM here, so every rule can be unit-tested.
 */

export type ContainerView = EngineView['containers'][number];
export type ImageView = EngineView['images'][number];
export type LayerView = ImageView['layers'][number];

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/**
 * A size as Docker's CLI writes it: decimal units (1 kB = 1000 B), about three
 * significant digits, so `docker image ls` and the page agree.
 */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '?';
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	let digits = unit === 0 || value >= 100 ? 0 : 1;
	let text = value.toFixed(digits);
	// 999.96 kB rounds to "1000": say "1 MB" instead.
	if (Number(text) >= 1000 && unit < UNITS.length - 1) {
		value /= 1000;
		unit++;
		digits = 1;
		text = value.toFixed(digits);
	}
	return `${text.replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** How a container's state reads at a glance; the status text always goes with it. */
export type ContainerTone = 'running' | 'stopped' | 'failed' | 'pending';

export function containerTone(container: Pick<ContainerView, 'running' | 'status'>): ContainerTone {
	if (container.running) return 'running';
	const exit = /^exited \((-?\d+)\)$/.exec(container.status);
	if (exit) return exit[1] === '0' ? 'stopped' : 'failed';
	if (container.status === 'dead') return 'failed';
	if (container.status === 'exited') return 'stopped';
	// created, paused, restarting, removing: on the way somewhere.
	return 'pending';
}

/** bridge: Docker's default network; host: the engine's own stack; none: no networking. */
export type NetworkKind = 'bridge' | 'user' | 'host' | 'none' | 'detached';

export interface NetworkGroup {
	/** The network's name, or '' for containers attached to none at all. */
	name: string;
	kind: NetworkKind;
	driver: string | null;
	members: { container: ContainerView; otherNetworks: string[] }[];
}

const KIND_ORDER: Record<NetworkKind, number> = {
	bridge: 0,
	user: 1,
	host: 2,
	none: 3,
	detached: 4
};

function kindOf(name: string, network: EngineView['networks'][number] | undefined): NetworkKind {
	if (name === 'host' || network?.driver === 'host') return 'host';
	if (name === 'none' || network?.driver === 'null') return 'none';
	if (name === 'bridge' && (network?.builtin ?? true)) return 'bridge';
	return 'user';
}

/**
 * The network regions to draw, each with the containers drawn inside it. A
 * container appears once, in the first network it is attached to, and names
 * the others. User-defined networks are drawn even when empty (a learner who
 * just ran `docker network create` should see it); built-in ones only when used.
 */
export function groupByNetwork(engine: EngineView): NetworkGroup[] {
	const known = new Map(engine.networks.map((n) => [n.name, n]));
	const groups = new Map<string, NetworkGroup>();
	const group = (name: string): NetworkGroup => {
		let g = groups.get(name);
		if (!g) {
			const network = known.get(name);
			g = {
				name,
				kind: name === '' ? 'detached' : kindOf(name, network),
				driver: network?.driver ?? null,
				members: []
			};
			groups.set(name, g);
		}
		return g;
	};

	for (const network of engine.networks) {
		if (!network.builtin) group(network.name);
	}
	for (const container of engine.containers) {
		const [first = '', ...others] = container.networks;
		group(first).members.push({ container, otherNetworks: others });
	}
	for (const g of groups.values()) {
		g.members.sort((a, b) => a.container.name.localeCompare(b.container.name));
	}
	return [...groups.values()].sort(
		(a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name)
	);
}

/** Splits a region's containers by Compose project: loose containers first, then each project. */
export function groupByProject<T extends { container: Pick<ContainerView, 'project'> }>(
	members: T[]
): { project: string | null; members: T[] }[] {
	const byProject = new Map<string | null, T[]>();
	for (const member of members) {
		const key = member.container.project;
		const list = byProject.get(key) ?? [];
		list.push(member);
		byProject.set(key, list);
	}
	return [...byProject.entries()]
		.map(([project, list]) => ({ project, members: list }))
		.sort((a, b) =>
			a.project === null ? -1 : b.project === null ? 1 : a.project.localeCompare(b.project)
		);
}

export interface PublishedPort {
	hostPort: number;
	containerPort: number;
	containerId: string;
	containerName: string;
	running: boolean;
}

/** Every port published on the engine's edge, by engine port, each naming where it leads. */
export function publishedPorts(engine: EngineView): PublishedPort[] {
	return engine.containers
		.flatMap((c) =>
			c.ports.map((p) => ({
				hostPort: p.hostPort,
				containerPort: p.containerPort,
				containerId: c.id,
				containerName: c.name,
				running: c.running
			}))
		)
		.sort((a, b) => a.hostPort - b.hostPort || a.containerPort - b.containerPort);
}

export interface VolumeUse {
	name: string;
	project: string | null;
	/** Names of the containers (running or not) that mount it. */
	usedBy: string[];
}

/** Each volume with the containers that mount it; an unused one still holds its data. */
export function volumeUsage(engine: EngineView): VolumeUse[] {
	return engine.volumes
		.map((v) => ({
			name: v.name,
			project: v.project,
			usedBy: engine.containers
				.filter((c) => c.mounts.some((m) => m.kind === 'volume' && m.source === v.name))
				.map((c) => c.name)
				.sort()
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A name short enough for a small box: anonymous volumes are named by 64 hex
 * digits, of which 12 say enough (as `docker ps` does with ids).
 */
export function shortName(name: string): string {
	return /^[0-9a-f]{64}$/.test(name) ? name.slice(0, 12) : name;
}

/** The last `keep` segments of a host path, e.g. `…/shop/site` for a bind mount's source. */
export function shortPath(path: string, keep = 2): string {
	const segments = path.split('/').filter(Boolean);
	if (segments.length <= keep) return path;
	return `…/${segments.slice(-keep).join('/')}`;
}

export interface LayerStats {
	layers: number;
	/** Layers that add files (not metadata-only). */
	filesystem: number;
	cached: number;
	/** The largest layer's size, to scale the size bars against. */
	largest: number;
}

export function layerStats(image: Pick<ImageView, 'layers'>): LayerStats {
	return {
		layers: image.layers.length,
		filesystem: image.layers.filter((l) => !l.empty).length,
		cached: image.layers.filter((l) => l.shared).length,
		largest: Math.max(0, ...image.layers.map((l) => l.size))
	};
}

/** What a layer's size reads as: metadata-only layers add nothing but a line of config. */
export function layerSize(layer: Pick<LayerView, 'size' | 'empty'>): string {
	return layer.empty ? '0 B · metadata' : formatBytes(layer.size);
}

/** A network region's title and the one line that says what it means. */
export function networkCaption(group: Pick<NetworkGroup, 'name' | 'kind' | 'driver'>): {
	title: string;
	note: string;
} {
	switch (group.kind) {
		case 'bridge':
			return { title: 'bridge', note: 'default network' };
		case 'host':
			return { title: 'host', note: "shares the engine's own network: no -p needed" };
		case 'none':
			return { title: 'none', note: 'no networking' };
		case 'detached':
			return { title: 'No network', note: 'not attached to any network' };
		case 'user':
			return {
				title: group.name,
				note: `user-defined${group.driver && group.driver !== 'bridge' ? ` (${group.driver})` : ''} · containers reach each other by name`
			};
	}
}
