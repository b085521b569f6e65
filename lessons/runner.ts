import { quote } from './shell';
import type { SandboxClient } from '../sandbox/client';
import { substitute, type LessonVars } from './markdown';
import type { Lesson, Step } from './schema';

type Engine = Pick<SandboxClient, 'exec' | 'writeFile'>;

const STDIN_BUDGET = 900_000;
/** A setup or solution command that failed: which one, and what it printed. */
export class CommandFailed extends Error {
	constructor(
		readonly command: string,
		readonly exitCode: number,
		readonly output: string
	) {
		super(`\`${command}\` exited ${exitCode}: ${output.trim().slice(-2000)}`);
		this.name = 'CommandFailed';
	}
}

async function run(client: Engine, sessionId: string, command: string, timeoutMs: number) {
	const result = await client.exec(sessionId, ['sh', '-c', `cd /root && ${command}`], {
		timeoutMs
	});
	if (result.exitCode !== 0 || result.timedOut)
		throw new CommandFailed(
			command,
			result.exitCode,
			`${result.stdout}\n${result.stderr}${result.timedOut ? '\n(timed out)' : ''}`
		);
	return result;
}

/**
 * Puts a lesson's starting files in the learner's home (in one exec: a script
 * on stdin, the files base64-encoded in it) and runs its setup.
 */
export async function prepareLesson(client: Engine, sessionId: string, lesson: Lesson) {
	// The exec API takes at most 1 MiB of stdin: send the files in batches.
	const batches: string[][] = [];
	let size = Infinity;
	for (const f of lesson.files) {
		const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '.';
		const line = [
			`mkdir -p -- ${quote(dir)}`,
			`printf %s '${f.content.toString('base64')}' | base64 -d > ${quote(f.path)}`,
			...(f.executable ? [`chmod +x -- ${quote(f.path)}`] : [])
		].join(' && ');
		if (size + line.length > STDIN_BUDGET) {
			batches.push([]);
			size = 0;
		}
		batches.at(-1)!.push(line);
		size += line.length + 1;
	}
	for (const batch of batches) {
		const result = await client.exec(sessionId, ['sh', '-ec', 'cd /root && sh -e'], {
			stdin: `${batch.join('\n')}\n`,
			timeoutMs: 60_000
		});
		if (result.exitCode !== 0)
			throw new CommandFailed('placing the starting files', result.exitCode, result.stderr);
	}
	for (const command of lesson.setup) await run(client, sessionId, command, 300_000);
}

/** Runs what a step does when it begins. */
export async function prepareStep(client: Engine, sessionId: string, step: Step) {
	for (const command of step.setup) await run(client, sessionId, command, 300_000);
}

/**
 * Does a step the way its solution says, as a learner would: writes its
 * files, then runs its commands in order from the home directory, each also
 * recorded in ~/.bash_history as the terminal's shell does.
 */
export async function applySolution(
	client: Engine,
	sessionId: string,
	step: Step,
	vars: LessonVars = {}
) {
	for (const [path, content] of Object.entries(step.solution.files))
		await client.writeFile(sessionId, path, substitute(content, vars));
	for (const template of step.solution.commands) {
		const command = substitute(template, vars);
		await run(client, sessionId, `printf '%s\\n' ${quote(command)} >> ~/.bash_history`, 10_000);
		await run(client, sessionId, command, 300_000);
	}
}
