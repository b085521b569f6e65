/** The state of a learner's engine, as graders see it (GET /v1/sessions/:id/state). */
export interface EngineState {
	collectedAt: string;
	containers: ContainerState[];
	images: ImageState[];
	volumes: VolumeState[];
	networks: NetworkState[];
	compose: ComposeProject[];
}

export interface ContainerState {
	id: string;
	name: string;
	image: string;
	imageId: string;
	command: string[];
	state: string;
	running: boolean;
	exitCode: number | null;
	startedAt: string | null;
	finishedAt: string | null;
	restartPolicy: string;
	restartCount: number;
	ports: PortBinding[];
	mounts: MountState[];
	networks: { name: string; ip: string; aliases: string[] }[];
	env: Record<string, string>;
	labels: Record<string, string>;
	compose: { project: string; service: string } | null;
}

export interface PortBinding {
	containerPort: number;
	protocol: string;
	hostIp: string;
	hostPort: number;
}

export interface MountState {
	type: string;
	/** The volume's name, for volumes. */
	name: string | null;
	source: string;
	destination: string;
	readWrite: boolean;
}

export interface ImageState {
	id: string;
	tags: string[];
	size: number;
	created: string;
	labels: Record<string, string>;
	/** Oldest first: the base image's layers, then one per Dockerfile instruction. */
	layers: LayerState[];
}

export interface LayerState {
	/** The image id of this step, or null for steps from a pulled image. */
	id: string | null;
	/** The Dockerfile instruction that made it, e.g. `RUN npm ci` or `CMD ["node","server.js"]`. */
	instruction: string;
	createdBy: string;
	size: number;
	created: string;
	/** True for metadata-only steps (CMD, ENV, EXPOSE...) that add no files. */
	empty: boolean;
}

export interface VolumeState {
	name: string;
	driver: string;
	labels: Record<string, string>;
	createdAt: string | null;
	compose: { project: string } | null;
}

export interface NetworkState {
	id: string;
	name: string;
	driver: string;
	internal: boolean;
	labels: Record<string, string>;
	/** bridge, host and none: there in every engine. */
	builtin: boolean;
	compose: { project: string } | null;
}

export interface ComposeProject {
	name: string;
	services: { name: string; containers: string[]; running: number }[];
	volumes: string[];
	networks: string[];
}
