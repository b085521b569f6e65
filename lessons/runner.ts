import { quote } from './shell';
import type { SandboxClient } from '../sandbox/client';
import { substitute, type LessonVars } from './markdown';
import type { Lesson, Step } from './schema';

type Engine = Pick<SandboxClient, 'exec' | 'writeFile'>;

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

/** Puts a lesson's starting files in the learner's home and runs its setup. */
export async function prepareLesson(client: Engine, sessionId: string, lesson: Lesson) {
	for (const file of lesson.files) await client.writeFile(sessionId, file.path, file.content);
	const executables = lesson.files.filter((f) => f.executable).map((f) => quote(f.path));
	if (executables.length > 0)
		await run(client, sessionId, `chmod +x ${executables.join(' ')}`, 10_000);
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
