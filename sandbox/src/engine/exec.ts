import { DockerClient } from '../docker/client';
import { Demuxer } from '../docker/demux';
import type { ExecOptions, ExecResult, Shell, TerminalSize } from './driver';

const DEFAULT_MAX_OUTPUT = 1024 * 1024;

/** The learner's shell environment: what a terminal tab has, without a TTY. */
export const LEARNER_ENV = ['HOME=/root', 'USER=root', 'LANG=C.UTF-8', 'TERM=xterm-256color'];

/**
 * Runs a command in a container and collects its output, within a time limit.
 * Docker cannot kill an exec'd process, so the command runs under
 * coreutils' `timeout`, which kills it (exit 124/137) when the time is up.
 */
export async function execCollect(
	docker: DockerClient,
	containerId: string,
	options: ExecOptions
): Promise<ExecResult> {
	const started = performance.now();
	const seconds = Math.max(1, Math.ceil(options.timeoutMs / 1000));
	const { Id } = await docker.request<{ Id: string }>('POST', `/containers/${containerId}/exec`, {
		body: {
			AttachStdin: options.stdin !== undefined,
			AttachStdout: true,
			AttachStderr: true,
			Tty: false,
			Cmd: ['timeout', '--kill-after=2', String(seconds), ...options.cmd],
			Env: [...LEARNER_ENV, ...(options.env ?? [])],
			WorkingDir: options.workingDir ?? '/root'
		}
	});
	const socket = await docker.hijack(`/exec/${Id}/start`, { Detach: false, Tty: false });

	const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
	const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
	const sizes = { stdout: 0, stderr: 0 };
	let truncated = false;
	const demux = new Demuxer((stream, data) => {
		const room = max - sizes[stream];
		if (room <= 0) return void (truncated = true);
		if (data.length > room) truncated = true;
		const kept = data.subarray(0, room);
		out[stream].push(kept);
		sizes[stream] += kept.length;
	});

	let timedOut = false;
	await new Promise<void>((resolve, reject) => {
		// A backstop in case the engine itself hangs: `timeout` normally ends it first.
		const timer = setTimeout(() => {
			timedOut = true;
			socket.destroy();
			resolve();
		}, options.timeoutMs + 5000);
		socket.on('data', (chunk: Buffer) => demux.push(chunk));
		socket.on('end', () => {
			clearTimeout(timer);
			resolve();
		});
		socket.on('close', () => {
			clearTimeout(timer);
			resolve();
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		if (options.stdin !== undefined) socket.write(options.stdin);
		// Half-close our side: the command sees end of input.
		socket.end();
	});

	const inspect = await docker.request<{ ExitCode: number | null; Running: boolean }>(
		'GET',
		`/exec/${Id}/json`
	);
	const exitCode = inspect.ExitCode ?? -1;
	// 124: `timeout` fired; 137: it had to SIGKILL after the grace period.
	if (exitCode === 124 || exitCode === 137)
		timedOut = timedOut || performance.now() - started >= options.timeoutMs;
	return {
		exitCode,
		stdout: Buffer.concat(out.stdout).toString('utf8'),
		stderr: Buffer.concat(out.stderr).toString('utf8'),
		timedOut,
		truncated,
		durationMs: Math.round(performance.now() - started)
	};
}

/** Starts an interactive login shell on a TTY in a container. */
export async function execShell(
	docker: DockerClient,
	containerId: string,
	size: TerminalSize
): Promise<Shell> {
	const { Id } = await docker.request<{ Id: string }>('POST', `/containers/${containerId}/exec`, {
		body: {
			AttachStdin: true,
			AttachStdout: true,
			AttachStderr: true,
			Tty: true,
			Cmd: ['bash', '-l'],
			Env: [...LEARNER_ENV, `COLUMNS=${size.cols}`, `LINES=${size.rows}`],
			WorkingDir: '/root'
		}
	});
	const stream = await docker.hijack(`/exec/${Id}/start`, {
		Detach: false,
		Tty: true,
		ConsoleSize: [size.rows, size.cols]
	});
	const resize = (next: TerminalSize) =>
		docker.request<void>('POST', `/exec/${Id}/resize`, { query: { h: next.rows, w: next.cols } });
	resize(size).catch(() => {}); // the first resize races the exec's start; ConsoleSize covers it
	const exited = new Promise<number | null>((resolve) => {
		stream.on('close', () => {
			docker
				.request<{ ExitCode: number | null }>('GET', `/exec/${Id}/json`)
				.then((r) => resolve(r.ExitCode))
				.catch(() => resolve(null));
		});
	});
	return { stream, resize, exited };
}
