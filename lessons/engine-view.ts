import type { EngineState, ImageState } from './checks/types';

/**
 * What the lesson page draws of a learner's engine: containers with their
 * ports, networks and volumes, and images with their layers, each layer
 * marked when an earlier build has it too (the build cache at work). Small
 * and stable, so the page is sent it only when something changed.
 */
export interface EngineView {
	containers: {
		id: string;
		name: string;
		image: string;
		running: boolean;
		status: string;
		ports: { hostPort: number; containerPort: number }[];
		networks: string[];
		mounts: { kind: 'volume' | 'bind' | 'other'; source: string; destination: string }[];
		project: string | null;
	}[];
	networks: { name: string; driver: string; builtin: boolean }[];
	volumes: { name: string; project: string | null }[];
	images: {
		id: string;
		tags: string[];
		size: number;
		layers: { instruction: string; size: number; empty: boolean; shared: boolean }[];
	}[];
}

export function engineView(state: EngineState): EngineView {
	const tagged = state.images.filter((i) => i.tags.length > 0);
	return {
		containers: state.containers.map((c) => ({
			id: c.id.slice(0, 12),
			name: c.name,
			image: c.image,
			running: c.running,
			status: c.running ? 'running' : c.exitCode === null ? c.state : `exited (${c.exitCode})`,
			ports: dedupe(c.ports.map((p) => ({ hostPort: p.hostPort, containerPort: p.containerPort }))),
			networks: c.networks.map((n) => n.name),
			mounts: c.mounts.map((m) => ({
				kind: m.type === 'volume' ? 'volume' : m.type === 'bind' ? 'bind' : 'other',
				source: m.type === 'volume' ? (m.name ?? m.source) : m.source,
				destination: m.destination
			})),
			project: c.compose?.project ?? null
		})),
		networks: state.networks.map((n) => ({ name: n.name, driver: n.driver, builtin: n.builtin })),
		volumes: state.volumes.map((v) => ({ name: v.name, project: v.compose?.project ?? null })),
		images: tagged.map((image) => ({
			id: image.id.replace(/^sha256:/, '').slice(0, 12),
			tags: image.tags,
			size: image.size,
			layers: image.layers.map((l) => ({
				instruction: l.instruction,
				size: l.size,
				empty: l.empty,
				shared: l.id !== null && sharedWithOlder(l.id, image, state.images)
			}))
		}))
	};
}

/** A locally built layer another, older image also has: this build took it from the cache. */
function sharedWithOlder(layerId: string, image: ImageState, all: ImageState[]): boolean {
	return all.some(
		(other) =>
			other.id !== image.id &&
			other.created < image.created &&
			other.layers.some((l) => l.id === layerId)
	);
}

function dedupe<T>(items: T[]): T[] {
	const seen = new Set<string>();
	return items.filter((item) => {
		const key = JSON.stringify(item);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
