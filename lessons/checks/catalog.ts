import { z } from 'zod';
import { describeSelector, imageMatches, selectContainers } from './containers';
import { fail, pass, type Observation, type Probe, type Verdict } from './types';

/**
 * Every kind of check a lesson may use. A check is data (validated by its
 * schema, whose every field is described for lesson authors) and two pure
 * functions: the probes it needs run in the engine, and its verdict on what
 * was observed. Messages say what is there and what is missing.
 */
const selector = {
	name: z.string().min(1).optional().describe('The container’s name (as given with --name).'),
	image: z
		.string()
		.min(1)
		.optional()
		.describe('The image it was started from, e.g. `redis` or `node:20`.')
};

export const containerCheck = z
	.object({
		type: z.literal('container'),
		...selector,
		state: z
			.enum(['running', 'exited', 'exists'])
			.default('running')
			.describe('What the container must be doing: running, exited (stopped), or merely exist.'),
		command: z.string().optional().describe('Text its command must contain, e.g. `npm start`.')
	})
	.describe('A container exists, is running or has exited.');

export const portCheck = z
	.object({
		type: z.literal('port'),
		...selector,
		containerPort: z.number().int().min(1).max(65535).describe('The port inside the container.'),
		hostPort: z
			.number()
			.int()
			.min(1)
			.max(65535)
			.optional()
			.describe('The port on the engine it must be published on; any, if left out.')
	})
	.describe('A running container publishes a port (-p hostPort:containerPort).');

export const httpCheck = z
	.object({
		type: z.literal('http'),
		port: z
			.number()
			.int()
			.min(1)
			.max(65535)
			.describe('The published port to request, on the engine.'),
		path: z.string().startsWith('/').default('/').describe('The path to request.'),
		status: z.number().int().default(200).describe('The HTTP status the answer must have.'),
		bodyIncludes: z.string().optional().describe('Text the answer’s body must contain.')
	})
	.describe('An HTTP request to a published port answers as expected.');

export const envCheck = z
	.object({
		type: z.literal('env'),
		...selector,
		variable: z.string().min(1).describe('The environment variable’s name.'),
		value: z.string().optional().describe('Its value; any value, if left out.')
	})
	.describe('An environment variable is set in a container (-e NAME=value).');

export const volumeCheck = z
	.object({
		type: z.literal('volume'),
		name: z.string().min(1).describe('The named volume.')
	})
	.describe('A named volume exists.');

export const mountCheck = z
	.object({
		type: z.literal('mount'),
		...selector,
		destination: z.string().startsWith('/').describe('Where it is mounted inside the container.'),
		volume: z
			.string()
			.optional()
			.describe('The named volume mounted there; any mount, if left out.')
	})
	.describe('A volume or bind mount is attached to a container at a path.');

export const networkCheck = z
	.object({
		type: z.literal('network'),
		name: z.string().min(1).describe('The user-defined network.'),
		containers: z
			.array(z.string())
			.default([])
			.describe('Names of containers that must be attached to it.')
	})
	.describe('A user-defined network exists, with given containers attached.');

export const imageCheck = z
	.object({
		type: z.literal('image'),
		tag: z.string().min(1).describe('The image’s name and tag, e.g. `my-app:1.0`.'),
		maxLayers: z
			.number()
			.int()
			.min(1)
			.optional()
			.describe('At most this many layers that add files.')
	})
	.describe('An image exists with a tag.');

export const fileCheck = z
	.object({
		type: z.literal('file'),
		path: z.string().min(1).describe('The file, relative to the learner’s home (/root).'),
		includes: z.string().optional().describe('Text it must contain.')
	})
	.describe('A file exists in the learner’s home, and contains some text.');

export const commandCheck = z
	.object({
		type: z.literal('command'),
		run: z.string().min(1).describe('A shell command run in the learner’s engine; exit 0 passes.'),
		message: z.string().min(1).describe('What to tell the learner while it fails.')
	})
	.describe('Escape hatch: a shell command in the learner’s engine passes with exit status 0.');

export const check = z.discriminatedUnion('type', [
	containerCheck,
	portCheck,
	httpCheck,
	envCheck,
	volumeCheck,
	mountCheck,
	networkCheck,
	imageCheck,
	fileCheck,
	commandCheck
]);
export type Check = z.infer<typeof check>;

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The commands a check needs run in the engine, each with an id for its result. */
export function probesOf(c: Check, index: number): Probe[] {
	const id = `${index}:${c.type}`;
	switch (c.type) {
		case 'http':
			return [
				{
					id,
					cmd: ['sh', '-c', `curl -s -m 5 -w '\\n%{http_code}' http://localhost:${c.port}${c.path}`]
				}
			];
		case 'file':
			return [{ id, cmd: ['sh', '-c', `cat -- ${quote(c.path)}`] }];
		case 'command':
			return [{ id, cmd: ['sh', '-c', c.run] }];
		default:
			return [];
	}
}

export function evaluate(c: Check, index: number, observation: Observation): Verdict {
	const { state } = observation;
	const probe = observation.probes[`${index}:${c.type}`];
	switch (c.type) {
		case 'container': {
			const who = describeSelector(c);
			const found = selectContainers(state, c);
			if (found.length === 0) {
				const named = c.name ? state.containers.find((x) => x.name === c.name) : undefined;
				if (named && c.image)
					return fail(`\`${c.name}\` runs \`${named.image}\`, not \`${c.image}\`.`);
				return absent(who);
			}
			const withCommand = c.command
				? found.filter((x) => x.command.join(' ').includes(c.command!))
				: found;
			if (withCommand.length === 0) {
				return fail(
					`${cap(who)} exists, but its command is \`${found[0]!.command.join(' ')}\`, not one with \`${c.command}\`.`
				);
			}
			if (c.state === 'running' && !withCommand.some((x) => x.running)) {
				const x = withCommand[0]!;
				return fail(
					`${cap(who)} exists but has stopped (exit code ${x.exitCode}); see \`docker logs ${x.name}\`.`
				);
			}
			if (c.state === 'exited' && withCommand.every((x) => x.running))
				return fail(`${cap(who)} is still running.`);
			return pass(
				`${cap(who)} ${c.state === 'exists' ? 'exists' : c.state === 'running' ? 'is running' : 'has exited'}.`
			);
		}
		case 'port': {
			const who = describeSelector(c);
			const running = selectContainers(state, c).filter((x) => x.running);
			if (running.length === 0) return fail(`${cap(who)} must be running first.`);
			const bindings = running.flatMap((x) =>
				x.ports.filter((p) => p.containerPort === c.containerPort)
			);
			const wanted = `-p ${c.hostPort ?? c.containerPort}:${c.containerPort}`;
			if (bindings.length === 0) {
				return fail(
					`${cap(who)} is running, but port ${c.containerPort} is not published; add \`${wanted}\`.`
				);
			}
			if (c.hostPort && !bindings.some((p) => p.hostPort === c.hostPort)) {
				return fail(
					`Port ${c.containerPort} is published on ${bindings[0]!.hostPort}, not ${c.hostPort}: use \`${wanted}\`.`
				);
			}
			return pass(
				`Port ${c.containerPort} is published on ${c.hostPort ?? bindings[0]!.hostPort}.`
			);
		}
		case 'http': {
			if (!probe || probe.exitCode !== 0) return fail(`Nothing answers on port ${c.port} yet.`);
			const lines = probe.stdout.split('\n');
			const status = Number(lines.pop());
			const body = lines.join('\n');
			if (status === 0) return fail(`Nothing answers on port ${c.port} yet.`);
			if (status !== c.status)
				return fail(`Port ${c.port} answers ${status} for ${c.path}, not ${c.status}.`);
			if (c.bodyIncludes && !body.includes(c.bodyIncludes)) {
				return fail(`Port ${c.port} answers, but the page does not contain “${c.bodyIncludes}”.`);
			}
			return pass(
				`Port ${c.port} answers ${status}${c.bodyIncludes ? ` with “${c.bodyIncludes}”` : ''}.`
			);
		}
		case 'env': {
			const who = describeSelector(c);
			const found = selectContainers(state, c);
			if (found.length === 0) return absent(who);
			const values = found.map((x) => x.env[c.variable]).filter((v) => v !== undefined);
			if (values.length === 0)
				return fail(
					`${cap(who)} has no ${c.variable}; set it with \`-e ${c.variable}=${c.value ?? '...'}\`.`
				);
			if (c.value !== undefined && !values.includes(c.value)) {
				return fail(`${c.variable} is \`${values[0]}\` in ${who}, not \`${c.value}\`.`);
			}
			return pass(`${c.variable} is set in ${who}.`);
		}
		case 'volume':
			return state.volumes.some((v) => v.name === c.name)
				? pass(`The volume \`${c.name}\` exists.`)
				: fail(
						`There is no volume \`${c.name}\` yet; \`docker volume create ${c.name}\` or \`-v ${c.name}:/path\` makes one.`
					);
		case 'mount': {
			const who = describeSelector(c);
			const found = selectContainers(state, c);
			if (found.length === 0) return absent(who);
			const mounts = found.flatMap((x) => x.mounts.filter((m) => m.destination === c.destination));
			if (mounts.length === 0) {
				return fail(
					`Nothing is mounted at ${c.destination} in ${who}; add \`-v ${c.volume ?? 'NAME'}:${c.destination}\`.`
				);
			}
			if (c.volume && !mounts.some((m) => m.name === c.volume)) {
				return fail(
					`${c.destination} in ${who} holds ${mounts[0]!.name ?? mounts[0]!.source}, not the volume \`${c.volume}\`.`
				);
			}
			return pass(
				`${cap(who)} has ${c.volume ? `\`${c.volume}\`` : 'a mount'} at ${c.destination}.`
			);
		}
		case 'network': {
			if (!state.networks.some((n) => n.name === c.name && !n.builtin)) {
				return fail(
					`There is no network \`${c.name}\` yet; \`docker network create ${c.name}\` makes one.`
				);
			}
			const missing = c.containers.filter(
				(name) =>
					!state.containers.some(
						(x) => x.name === name && x.networks.some((n) => n.name === c.name)
					)
			);
			if (missing.length > 0) {
				return fail(
					`${missing.map((m) => `\`${m}\``).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not on \`${c.name}\`; use \`--network ${c.name}\`.`
				);
			}
			return pass(
				`The network \`${c.name}\` exists${c.containers.length ? ' with its containers' : ''}.`
			);
		}
		case 'image': {
			const image = state.images.find((i) => i.tags.some((t) => imageMatches(t, c.tag)));
			if (!image)
				return fail(
					`There is no image \`${c.tag}\` yet; build it with \`docker build -t ${c.tag} .\`.`
				);
			const filled = image.layers.filter((l) => !l.empty).length;
			if (c.maxLayers !== undefined && filled > c.maxLayers) {
				return fail(
					`\`${c.tag}\` has ${filled} layers that add files; at most ${c.maxLayers} are wanted.`
				);
			}
			return pass(`The image \`${c.tag}\` exists.`);
		}
		case 'file':
			if (!probe || probe.exitCode !== 0) return fail(`There is no file ~/${c.path} yet.`);
			if (c.includes && !probe.stdout.includes(c.includes))
				return fail(`~/${c.path} does not contain “${c.includes}” yet.`);
			return pass(`~/${c.path} is there.`);
		case 'command':
			return probe?.exitCode === 0 ? pass('Done.') : fail(c.message);
	}
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** "There is no container named `db` yet." from "a container named `db`". */
const absent = (who: string) => fail(`There is no ${who.replace(/^a /, '')} yet.`);
