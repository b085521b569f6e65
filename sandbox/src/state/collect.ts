import { DockerError, type DockerClient } from '../docker/client';
import { instructionOf, isMetadataInstruction } from './instruction';
import type {
	ComposeProject,
	ContainerState,
	EngineState,
	ImageState,
	NetworkState,
	VolumeState
} from './types';

const COMPOSE_PROJECT = 'com.docker.compose.project';
const COMPOSE_SERVICE = 'com.docker.compose.service';
const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none']);

// The parts of Docker's answers we read (API v1.41).
interface ContainerInspect {
	Id: string;
	Name: string;
	Image: string;
	Path: string;
	Args: string[];
	RestartCount: number;
	State: {
		Status: string;
		Running: boolean;
		ExitCode: number;
		StartedAt: string;
		FinishedAt: string;
	};
	Config: { Image: string; Env: string[] | null; Labels: Record<string, string> | null };
	HostConfig: { RestartPolicy?: { Name: string } };
	Mounts: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
	NetworkSettings: {
		Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
		Networks: Record<string, { IPAddress: string; Aliases: string[] | null }> | null;
	};
}

interface ImageSummary {
	Id: string;
	RepoTags: string[] | null;
	Size: number;
	Created: number;
	Labels: Record<string, string> | null;
}

interface HistoryEntry {
	Id: string;
	Created: number;
	CreatedBy: string;
	Size: number;
}

/**
 * Reads everything graders look at from a learner's engine in one go: the
 * calls run in parallel, so the time is about that of the slowest one.
 *
 * Docker 20.10's lists can fail while the learner removes something at that
 * moment ("get <volume>: no such volume"), and a connection to the engine's
 * API can drop: such an answer is tried again, a few times, before it counts
 * as an error.
 */
export async function collectState(api: DockerClient): Promise<EngineState> {
	let timeouts = 0;
	for (let attempt = 1; ; attempt++) {
		try {
			return await collectOnce(api);
		} catch (error) {
			// A daemon busy unpacking images (several engines pulling at once) can
			// be slow to answer a list once; a second slow answer is an error.
			if (isTimeout(error) && timeouts++ === 0) {
				console.warn(`sandbox: state: ${(error as Error).message}; trying once more`);
				continue;
			}
			if (attempt >= RACE_ATTEMPTS || !isRemovalRace(error)) throw error;
			await new Promise((resolve) => setTimeout(resolve, 30 * attempt));
		}
	}
}

const RACE_ATTEMPTS = 4;

const isTimeout = (error: unknown) => error instanceof Error && /timed out/.test(error.message);

/**
 * An error worth another try: something vanished while Docker was listing
 * it, or the connection to the engine's API dropped (these are all GETs).
 */
export function isRemovalRace(error: unknown): boolean {
	if (error instanceof DockerError)
		return (
			(error.statusCode === 404 || error.statusCode === 409 || error.statusCode === 500) &&
			/no such|not found|is being removed|removal of .* is already in progress/i.test(error.message)
		);
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE';
}

async function collectOnce(api: DockerClient): Promise<EngineState> {
	const [summaries, images, volumes, networks] = await Promise.all([
		api.request<{ Id: string }[]>('GET', '/containers/json', { query: { all: true } }),
		api.request<ImageSummary[]>('GET', '/images/json'),
		api.request<{
			Volumes:
				| {
						Name: string;
						Driver: string;
						Labels: Record<string, string> | null;
						CreatedAt?: string;
				  }[]
				| null;
		}>('GET', '/volumes'),
		api.request<
			{
				Id: string;
				Name: string;
				Driver: string;
				Internal: boolean;
				Labels: Record<string, string> | null;
			}[]
		>('GET', '/networks')
	]);

	const [containers, imageStates] = await Promise.all([
		Promise.all(
			summaries.map((c) =>
				api
					.request<ContainerInspect>('GET', `/containers/${c.Id}/json`)
					.then(toContainer)
					// Removed between the list and the inspect: it is simply gone.
					.catch(() => null)
			)
		),
		Promise.all(images.map((image) => toImage(api, image)))
	]);

	const containerStates = containers.filter((c): c is ContainerState => c !== null);
	const volumeStates: VolumeState[] = (volumes.Volumes ?? []).map((v) => ({
		name: v.Name,
		driver: v.Driver,
		labels: v.Labels ?? {},
		createdAt: v.CreatedAt ?? null,
		compose: v.Labels?.[COMPOSE_PROJECT] ? { project: v.Labels[COMPOSE_PROJECT] } : null
	}));
	const networkStates: NetworkState[] = networks.map((n) => ({
		id: n.Id,
		name: n.Name,
		driver: n.Driver,
		internal: n.Internal,
		labels: n.Labels ?? {},
		builtin: BUILTIN_NETWORKS.has(n.Name),
		compose: n.Labels?.[COMPOSE_PROJECT] ? { project: n.Labels[COMPOSE_PROJECT] } : null
	}));

	return {
		collectedAt: new Date().toISOString(),
		containers: containerStates,
		images: imageStates.filter((i): i is ImageState => i !== null),
		volumes: volumeStates,
		networks: networkStates,
		compose: composeProjects(containerStates, volumeStates, networkStates)
	};
}

function toContainer(c: ContainerInspect): ContainerState {
	const labels = c.Config.Labels ?? {};
	const ports: ContainerState['ports'] = [];
	for (const [key, bindings] of Object.entries(c.NetworkSettings.Ports ?? {})) {
		const [port, protocol = 'tcp'] = key.split('/');
		for (const b of bindings ?? []) {
			ports.push({
				containerPort: Number(port),
				protocol,
				hostIp: b.HostIp,
				hostPort: Number(b.HostPort)
			});
		}
	}
	const env: Record<string, string> = {};
	for (const entry of c.Config.Env ?? []) {
		const eq = entry.indexOf('=');
		if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
	}
	const running = c.State.Running;
	return {
		id: c.Id,
		name: c.Name.replace(/^\//, ''),
		image: c.Config.Image,
		imageId: c.Image,
		command: [c.Path, ...c.Args],
		state: c.State.Status,
		running,
		exitCode: running ? null : c.State.ExitCode,
		startedAt: zeroTimeToNull(c.State.StartedAt),
		finishedAt: zeroTimeToNull(c.State.FinishedAt),
		restartPolicy: c.HostConfig.RestartPolicy?.Name || 'no',
		restartCount: c.RestartCount,
		ports,
		mounts: c.Mounts.map((m) => ({
			type: m.Type,
			name: m.Name ?? null,
			source: m.Source,
			destination: m.Destination,
			readWrite: m.RW
		})),
		networks: Object.entries(c.NetworkSettings.Networks ?? {}).map(([name, n]) => ({
			name,
			ip: n.IPAddress,
			aliases: n.Aliases ?? []
		})),
		env,
		labels,
		compose: labels[COMPOSE_PROJECT]
			? { project: labels[COMPOSE_PROJECT], service: labels[COMPOSE_SERVICE] ?? '' }
			: null
	};
}

async function toImage(api: DockerClient, image: ImageSummary): Promise<ImageState | null> {
	let history: HistoryEntry[];
	try {
		history = await api.request<HistoryEntry[]>('GET', `/images/${image.Id}/history`);
	} catch {
		return null; // deleted meanwhile
	}
	return {
		id: image.Id,
		tags: (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
		size: image.Size,
		created: new Date(image.Created * 1000).toISOString(),
		labels: image.Labels ?? {},
		// Docker lists history newest first; layers read better oldest first.
		layers: history.reverse().map((h) => {
			const instruction = instructionOf(h.CreatedBy);
			return {
				id: h.Id && h.Id !== '<missing>' ? h.Id : null,
				instruction,
				createdBy: h.CreatedBy,
				size: h.Size,
				created: new Date(h.Created * 1000).toISOString(),
				empty: h.Size === 0 && isMetadataInstruction(instruction)
			};
		})
	};
}

function composeProjects(
	containers: ContainerState[],
	volumes: VolumeState[],
	networks: NetworkState[]
): ComposeProject[] {
	const projects = new Map<string, ComposeProject>();
	const project = (name: string) => {
		let p = projects.get(name);
		if (!p) projects.set(name, (p = { name, services: [], volumes: [], networks: [] }));
		return p;
	};
	for (const c of containers) {
		if (!c.compose) continue;
		const p = project(c.compose.project);
		let service = p.services.find((s) => s.name === c.compose!.service);
		if (!service)
			p.services.push((service = { name: c.compose.service, containers: [], running: 0 }));
		service.containers.push(c.name);
		if (c.running) service.running++;
	}
	for (const v of volumes) if (v.compose) project(v.compose.project).volumes.push(v.name);
	for (const n of networks) if (n.compose) project(n.compose.project).networks.push(n.name);
	return [...projects.values()];
}

function zeroTimeToNull(time: string): string | null {
	return !time || time.startsWith('0001-01-01') ? null : time;
}
