import type { Duplex } from 'node:stream';
import type { DockerClient } from '../docker/client';
import type { EngineLimits } from '../config';

/**
 * Where learners' engines come from. One implementation today (Docker
 * containers running dockerd on Berth's own daemon: docker-driver.ts); the
 * session manager and API only see this interface.
 */
export interface EngineDriver {
	/** Creates and starts an engine, resolving once its dockerd answers. */
	create(spec: EngineSpec): Promise<Engine>;
	/** Removes an engine and everything it owns (its disk). Idempotent. */
	remove(engine: Engine | string): Promise<void>;
	/** Every running or stopped engine this service instance created. */
	list(): Promise<Engine[]>;
	/**
	 * Removes every object this service instance created (engines, their
	 * disks) that belongs to none of the `keep` sessions. Returns how many.
	 */
	sweep(keep: ReadonlySet<string>): Promise<number>;
	/** Runs a command in the learner's shell environment and collects its output. */
	exec(engine: Engine, options: ExecOptions): Promise<ExecResult>;
	/** Starts an interactive shell on a TTY. */
	openShell(engine: Engine, size: TerminalSize): Promise<Shell>;
	/** The Docker API of the engine itself (the learner's containers, images, ...). */
	engineApi(engine: Engine): DockerClient;
	/** Resource usage of an engine's container (cgroup memory, in bytes). */
	memoryUsage(engine: Engine): Promise<number>;
}

export interface EngineSpec {
	/** The session this engine serves; pool engines get a fresh id too. */
	sessionId: string;
	limits: EngineLimits;
}

export interface Engine {
	/** Container id on Berth's daemon. */
	id: string;
	sessionId: string;
	/** The engine's address in Berth's network namespace (for its API and published ports). */
	ip: string;
	createdAt: Date;
	running: boolean;
}

export interface ExecOptions {
	cmd: string[];
	timeoutMs: number;
	env?: string[];
	/** Defaults to the learner's home, /root. */
	workingDir?: string;
	stdin?: Buffer | string;
	/** Output beyond this many bytes per stream is dropped (and `truncated` set). */
	maxOutputBytes?: number;
}

export interface ExecResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	truncated: boolean;
	durationMs: number;
}

export interface TerminalSize {
	cols: number;
	rows: number;
}

/** A running interactive shell: raw bytes both ways. */
export interface Shell {
	stream: Duplex;
	resize(size: TerminalSize): Promise<void>;
	/** Resolves with the exit code when the shell ends. */
	exited: Promise<number | null>;
}
