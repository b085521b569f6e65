import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
	/** The URL the server printed ("listening on http://..."). */
	url: string;
	/** Everything it printed so far, for failure messages. */
	output(): string;
	/** SIGTERM, as an operator's restart would; SIGKILL after 15 s. */
	stop(): Promise<void>;
}

/**
 * Runs one of Berth's TypeScript servers (the site, the sandbox service) as
 * `npm start` does, and resolves once it prints the URL it listens on.
 */
export function startServerProcess(options: {
	name: string;
	script: string;
	env: NodeJS.ProcessEnv;
	timeoutMs?: number;
}): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', options.script], {
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (d) => (log += d));
	child.stderr!.on('data', (d) => (log += d));
	const timeoutMs = options.timeoutMs ?? 60_000;
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`${options.name} did not start in ${timeoutMs / 1000} s:\n${log}`)),
			timeoutMs
		);
		child.stdout!.on('data', () => {
			const m = /listening on (http:\/\/\S+)/.exec(log);
			if (!m) return;
			clearTimeout(timer);
			resolve({ url: m[1]!, output: () => log, stop: () => stopChild(child) });
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${options.name} exited with ${code} before listening:\n${log}`));
		});
	});
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}
