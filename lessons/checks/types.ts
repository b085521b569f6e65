import type { ContainerState, EngineState, ImageState, LayerState } from '../../sandbox/client';

export type { ContainerState, EngineState, ImageState, LayerState };

/**
 * What a check sees: the engine's state, plus the results of the commands
 * ("probes") it asked to have run in the learner's engine. Checks are pure
 * functions of this, so they are tested with hand-built observations.
 */
export interface Observation {
	state: EngineState;
	probes: Record<string, ProbeResult>;
	/** The learner's repositories in Berth's registry, when a check asked for them. */
	registry?: RegistryListing;
}

/** What the learner has pushed: repository (under their namespace) → tags. */
export interface RegistryListing {
	host: string;
	namespace: string;
	repositories: Record<string, string[]>;
	/** `repository:tag` → the pushed image's id (its config digest). */
	images: Record<string, string>;
}

export interface ProbeResult {
	exitCode: number;
	stdout: string;
	stderr: string;
}

/** A command a check needs run in the engine before it can judge. */
export interface Probe {
	id: string;
	cmd: string[];
	timeoutMs?: number;
}

/** A check's answer: passed or not, and a message the learner can act on. */
export interface Verdict {
	pass: boolean;
	message: string;
}

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });
