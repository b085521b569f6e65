import type { ContainerState, EngineState, ImageState, Observation } from './types';

/** Hand-built engine state for the checks' unit tests. */
export function container(over: Partial<ContainerState>): ContainerState {
	return {
		id: 'c1',
		name: 'web',
		image: 'nginx',
		imageId: 'sha256:1',
		command: ['nginx', '-g', 'daemon off;'],
		state: 'running',
		running: true,
		exitCode: null,
		startedAt: null,
		finishedAt: null,
		restartPolicy: 'no',
		restartCount: 0,
		ports: [],
		mounts: [],
		networks: [{ name: 'bridge', ip: '172.17.0.2', aliases: [] }],
		env: {},
		labels: {},
		compose: null,
		...over
	};
}

export function observe(
	state: Partial<EngineState>,
	probes: Observation['probes'] = {}
): Observation {
	return {
		state: {
			collectedAt: '',
			containers: [],
			images: [],
			volumes: [],
			networks: [],
			compose: [],
			...state
		},
		probes
	};
}

export function image(over: Partial<ImageState>): ImageState {
	return { id: 'sha256:i', tags: [], size: 0, created: '', labels: {}, layers: [], ...over };
}

export const probe = (stdout: string, exitCode = 0) => ({ exitCode, stdout, stderr: '' });
