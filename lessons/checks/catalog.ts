import { quote } from '../shell';
import { z } from 'zod';
import { describeSelector, imageMatches, selectContainers } from './containers';
import { judgeCache, judgeDockerfile } from './dockerfile';
import { homePath } from './home-path';
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
			.enum(['running', 'exited', 'exists', 'absent'])
			.default('running')
			.describe(
				'What the container must be doing: running, exited (stopped), merely exist, or be gone (removed).'
			),
		command: z.string().optional().describe('Text its command must contain, e.g. `npm start`.'),
		exitCode: z
			.number()
			.int()
			.optional()
			.describe('The exit code it stopped with, e.g. 137 after `docker kill`.'),
		restart: z
			.enum(['no', 'always', 'unless-stopped', 'on-failure'])
			.optional()
			.describe('Its restart policy (--restart).'),
		minRestarts: z
			.number()
			.int()
			.min(1)
			.optional()
			.describe('Docker has restarted it at least this many times (its restart policy at work).'),
		network: z
			.string()
			.min(1)
			.optional()
			.describe('A network it must be attached to, e.g. `host` for --network host.')
	})
	.strict()
	.describe('A container exists, is running, has exited, or is gone.');

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
	.strict()
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
	.strict()
	.describe('An HTTP request to a published port answers as expected.');

export const envCheck = z
	.object({
		type: z.literal('env'),
		...selector,
		variable: z.string().min(1).describe('The environment variable’s name.'),
		value: z.string().optional().describe('Its value; any value, if left out.')
	})
	.strict()
	.describe('An environment variable is set in a container (-e NAME=value).');

export const volumeCheck = z
	.object({
		type: z.literal('volume'),
		name: z.string().min(1).describe('The named volume.')
	})
	.strict()
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
	.strict()
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
	.strict()
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
			.describe(
				'At most this many layers that add files, counting the base image’s (see `docker history`).'
			)
	})
	.strict()
	.describe('An image exists with a tag.');

export const fileCheck = z
	.object({
		type: z.literal('file'),
		path: homePath.describe('The file, relative to the learner’s home (/root).'),
		includes: z.string().optional().describe('Text it must contain.')
	})
	.strict()
	.describe('A file exists in the learner’s home, and contains some text.');

export const commandCheck = z
	.object({
		type: z.literal('command'),
		run: z.string().min(1).describe('A shell command run in the learner’s engine; exit 0 passes.'),
		message: z.string().min(1).describe('What to tell the learner while it fails.')
	})
	.strict()
	.describe('Escape hatch: a shell command in the learner’s engine passes with exit status 0.');

const port = z.number().int().min(1).max(65535);

export const dockerfileCheck = z
	.object({
		type: z.literal('dockerfile'),
		path: homePath.describe(
			'The Dockerfile, relative to the learner’s home, e.g. `hello/Dockerfile`.'
		),
		from: z
			.string()
			.min(1)
			.optional()
			.describe('The base image its last FROM must name: `node` (any tag) or `node:20`.'),
		instructions: z
			.array(
				z.enum([
					'FROM',
					'WORKDIR',
					'COPY',
					'ADD',
					'RUN',
					'ENV',
					'ARG',
					'EXPOSE',
					'CMD',
					'ENTRYPOINT',
					'LABEL',
					'USER',
					'VOLUME',
					'HEALTHCHECK'
				])
			)
			.default([])
			.describe('Instructions it must use, e.g. `[WORKDIR, COPY, RUN, CMD]`.'),
		expose: port.optional().describe('A port it must EXPOSE.'),
		cmd: z.string().min(1).optional().describe('Text its CMD must contain, e.g. `server.js`.'),
		dependenciesFirst: z
			.object({
				manifest: z.string().min(1).describe('The file the install reads, e.g. `package.json`.'),
				install: z
					.string()
					.min(1)
					.describe('Text of the RUN that installs the dependencies, e.g. `npm install`.')
			})
			.strict()
			.optional()
			.describe(
				'The manifest is copied and the install run before the rest of the source is copied, so the install stays cached.'
			)
	})
	.strict()
	.describe(
		'A Dockerfile in the learner’s home meets conditions (read with a real Dockerfile parser).'
	);

export const cacheCheck = z
	.object({
		type: z.literal('cache'),
		tag: z.string().min(1).describe('The rebuilt image, e.g. `counter:latest`.'),
		instruction: z
			.string()
			.min(1)
			.describe('Text of the instruction whose layer must come from the cache, e.g. `npm install`.')
	})
	.strict()
	.describe(
		'After a source-only change, a rebuild reused the cached layer of an instruction (an older build shares it).'
	);

export const registryCheck = z
	.object({
		type: z.literal('registry'),
		repository: z
			.string()
			.regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/)
			.describe(
				'The repository under the learner’s namespace, e.g. `hello` for registry.berth:5000/<namespace>/hello.'
			),
		tag: z.string().min(1).default('latest').describe('The tag that must have been pushed.'),
		image: z
			.string()
			.min(1)
			.optional()
			.describe(
				'A local image (name:tag) the pushed one must be: an older push of the same tag does not count.'
			)
	})
	.strict()
	.describe('An image was pushed to Berth’s registry under the learner’s namespace.');

export const composeCheck = z
	.object({
		type: z.literal('compose'),
		project: z
			.string()
			.min(1)
			.describe(
				'The compose project: by default, the name of the folder holding the compose file.'
			),
		state: z
			.enum(['up', 'down'])
			.default('up')
			.describe('up: its services are running; down: it was up and has been brought down.'),
		services: z
			.array(z.string().min(1))
			.default([])
			.describe('Services that must be running (with state: up).'),
		volumesRemoved: z
			.boolean()
			.default(false)
			.describe('With state: down, its volumes must be gone too (`down --volumes`).')
	})
	.strict()
	.describe('A compose project is up with given services, or was brought down (with its volumes).');

export const persistCheck = z
	.object({
		type: z.literal('persist'),
		name: z.string().min(1).describe('The container holding the data, e.g. `db`.'),
		path: z
			.string()
			.startsWith('/')
			.describe('Where the data lives in the container, e.g. `/data`.'),
		read: z
			.string()
			.min(1)
			.describe('A command run in the container (`docker exec`) that prints the data.'),
		includes: z.string().min(1).describe('Text the command’s output must contain.')
	})
	.strict()
	.describe(
		'Data written before survives the container being removed and recreated: a volume holds it.'
	);

export const reachCheck = z
	.object({
		type: z.literal('reach'),
		from: z.string().min(1).describe('The container that connects, e.g. `backend`.'),
		to: z.string().min(1).describe('The name it connects to, e.g. `db`.'),
		port: port.describe('The port it connects to.')
	})
	.strict()
	.describe('One container reaches another by name, on a port.');

export const historyCheck = z
	.object({
		type: z.literal('history'),
		pattern: z
			.string()
			.min(1)
			.refine((p) => {
				try {
					new RegExp(p);
					return true;
				} catch {
					return false;
				}
			}, 'must be a valid regular expression')
			.describe(
				'A regular expression one of the learner’s terminal commands must match, e.g. `^docker (ps|container ls)`.'
			),
		message: z.string().min(1).describe('What to tell the learner until they have run it.')
	})
	.strict()
	.describe(
		'The learner ran a command in their terminal: for commands that change nothing, like `docker ps`.'
	);

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
	commandCheck,
	dockerfileCheck,
	cacheCheck,
	registryCheck,
	composeCheck,
	persistCheck,
	reachCheck,
	historyCheck
]);
export type Check = z.infer<typeof check>;

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
		case 'dockerfile':
			return [{ id, cmd: ['sh', '-c', `cat -- ${quote(c.path)}`] }];
		case 'compose':
			return c.state === 'down' ? [{ id, cmd: ['sh', '-c', REMOVALS] }] : [];
		case 'persist':
			return [
				{ id, cmd: ['docker', 'exec', c.name, 'sh', '-c', c.read] },
				{ id: `${id}:removals`, cmd: ['sh', '-c', REMOVALS] }
			];
		case 'reach':
			return [{ id, cmd: ['docker', 'exec', c.from, 'sh', '-c', connectScript(c.to, c.port)] }];
		case 'history':
			return [{ id, cmd: ['sh', '-c', 'tail -n 5000 ~/.bash_history 2>/dev/null'] }];
		default:
			return [];
	}
}

/**
 * What the engine has removed and unmounted, one per line:
 * `<type> <action> <time ns> <id> <name> <compose project> <container>`
 * ("-" where nothing applies). The engine logs these for its whole life
 * (berth-engine-entrypoint); Docker's own record, which keeps only its last
 * 256 events, stands in for an engine from before that log.
 */
const FORMAT =
	'{{.Type}} {{.Action}} {{.TimeNano}} {{.Actor.ID}} {{or .Actor.Attributes.name "-"}} ' +
	'{{or (index .Actor.Attributes "com.docker.compose.project") "-"}} {{or .Actor.Attributes.container "-"}}';
const REMOVALS =
	'cat /var/log/berth-removed.log 2>/dev/null || ' +
	`docker events --since 0 --until "$(date +%s)" --filter event=destroy --filter event=unmount --format '${FORMAT}'`;

export interface Removal {
	type: string;
	action: string;
	/** Nanoseconds since the epoch. */
	time: bigint;
	/** A container's id, or a volume's name. */
	id: string;
	name: string;
	project: string;
	/** For a volume unmount: the container that had it. */
	container: string;
}

export function parseRemovals(stdout: string | undefined): Removal[] {
	return (stdout ?? '')
		.split('\n')
		.map((line) => line.trim().split(/\s+/))
		.filter((f) => f.length === 7 && /^\d+$/.test(f[2]!))
		.map(([type, action, time, id, name, project, container]) => ({
			type: type!,
			action: action!,
			time: BigInt(time!),
			id: id!,
			name: name === '-' ? '' : name!,
			project: project === '-' ? '' : project!,
			container: container === '-' ? '' : container!
		}));
}

/** Connects to host:port from inside a container, with whatever the image has. */
function connectScript(host: string, port: number): string {
	const h = quote(host);
	return [
		`if command -v nc >/dev/null 2>&1; then nc -z -w 3 ${h} ${port}`,
		`elif command -v node >/dev/null 2>&1; then node -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);s.on("connect",()=>process.exit(0));s.on("error",e=>{console.error(e.code);process.exit(1)});setTimeout(()=>{console.error("ETIMEDOUT");process.exit(1)},3000)' ${h} ${port}`,
		`elif command -v python3 >/dev/null 2>&1; then python3 -c 'import socket,sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 3)' ${h} ${port}`,
		`elif command -v bash >/dev/null 2>&1; then timeout 3 bash -c 'exec 3<>/dev/tcp/$1/$2' _ ${h} ${port}`,
		`else getent hosts ${h}; fi`
	].join('; ');
}

export function evaluate(c: Check, index: number, observation: Observation): Verdict {
	const { state } = observation;
	const probe = observation.probes[`${index}:${c.type}`];
	switch (c.type) {
		case 'container': {
			const who = describeSelector(c);
			const found = selectContainers(state, c);
			if (c.state === 'absent') {
				if (found.length === 0) return pass(`${cap(who)} is gone.`);
				const x = found[0]!;
				return fail(
					`\`${x.name}\` is still there (${x.running ? 'running' : 'stopped'}); remove it with \`docker rm${x.running ? ' -f' : ''} ${x.name}\`.`
				);
			}
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
			const candidates = withCommand.filter((x) =>
				c.state === 'running' ? x.running : c.state === 'exited' ? !x.running : true
			);
			if (c.exitCode !== undefined && !candidates.some((x) => x.exitCode === c.exitCode)) {
				return fail(
					`${cap(who)} stopped with exit code ${candidates[0]!.exitCode}, not ${c.exitCode}${c.exitCode === 137 ? ' (what `docker kill` gives)' : ''}.`
				);
			}
			if (c.restart && !candidates.some((x) => x.restartPolicy === c.restart)) {
				const policy = candidates[0]!.restartPolicy || 'no';
				return fail(
					`${cap(who)} has the restart policy \`${policy}\`; run it with \`--restart ${c.restart}\`.`
				);
			}
			if (
				c.minRestarts !== undefined &&
				!candidates.some((x) => x.restartCount >= c.minRestarts!)
			) {
				const most = Math.max(...candidates.map((x) => x.restartCount));
				return fail(
					`Docker has restarted ${who} ${most} time${most === 1 ? '' : 's'} so far; wait for ${c.minRestarts}${c.restart ? '' : ', and give it a restart policy such as `--restart always`'}.`
				);
			}
			if (c.network && !candidates.some((x) => x.networks.some((n) => n.name === c.network))) {
				const on = candidates[0]!.networks.map((n) => `\`${n.name}\``).join(', ') || 'no network';
				return fail(
					`${cap(who)} is on ${on}, not \`${c.network}\`; use \`--network ${c.network}\`.`
				);
			}
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
		case 'dockerfile':
			return judgeDockerfile(c, probe?.exitCode === 0 ? probe.stdout : null);
		case 'cache': {
			const image = state.images.find((i) => i.tags.some((t) => imageMatches(t, c.tag)));
			return judgeCache(
				c.tag,
				image,
				state.images.filter((i) => i !== image),
				c.instruction
			);
		}
		case 'registry': {
			const listing = observation.registry;
			if (!listing) return fail('Berth’s registry could not be read just now; try again shortly.');
			const where = `${listing.host}/${listing.namespace}/${c.repository}`;
			const tags = listing.repositories[c.repository];
			if (!tags || tags.length === 0)
				return fail(
					`Nothing is pushed to \`${where}\` yet: tag your image \`${where}:${c.tag}\` and \`docker push\` it.`
				);
			if (!tags.includes(c.tag))
				return fail(
					`\`${where}\` has ${tags.map((t) => `\`${t}\``).join(', ')}, but not \`${c.tag}\` yet.`
				);
			if (c.image) {
				const local = state.images.find((i) => i.tags.some((t) => imageMatches(t, c.image!)));
				if (!local) return fail(`There is no local image \`${c.image}\` to compare with.`);
				if (listing.images[`${c.repository}:${c.tag}`] !== local.id)
					return fail(
						`\`${where}:${c.tag}\` in the registry is an older image than your \`${c.image}\`; \`docker push\` it again.`
					);
			}
			return pass(`\`${where}:${c.tag}\` is in the registry.`);
		}
		case 'compose': {
			const project = state.compose.find((p) => p.name === c.project);
			if (c.state === 'up') {
				if (!project || project.services.every((s) => s.running === 0))
					return fail(
						`The compose project \`${c.project}\` is not up yet; run \`docker compose up -d\` in its folder.`
					);
				const down = c.services.filter(
					(name) => !project.services.some((s) => s.name === name && s.running > 0)
				);
				if (down.length > 0) {
					return fail(
						`\`${c.project}\` is up, but ${down.map((d) => `\`${d}\``).join(' and ')} ${down.length > 1 ? 'are' : 'is'} not running; see \`docker compose ps\` and \`docker compose logs\`.`
					);
				}
				return pass(
					`\`${c.project}\` is up${c.services.length ? ` with ${c.services.join(', ')}` : ''}.`
				);
			}
			if (project && project.services.some((s) => s.containers.length > 0))
				return fail(`\`${c.project}\` is still up; bring it down with \`docker compose down\`.`);
			const removed = parseRemovals(probe?.stdout);
			if (
				!removed.some(
					(r) => r.type === 'container' && r.action === 'destroy' && r.project === c.project
				)
			)
				return fail(`\`${c.project}\` has not been brought up and down yet.`);
			if (c.volumesRemoved) {
				const left = state.volumes.filter((v) => v.compose?.project === c.project);
				if (left.length > 0)
					return fail(
						`\`${c.project}\` is down, but its volume${left.length > 1 ? 's' : ''} ${left.map((v) => `\`${v.name}\``).join(', ')} ${left.length > 1 ? 'are' : 'is'} still there; \`docker compose down --volumes\` removes them.`
					);
			}
			return pass(`\`${c.project}\` is down${c.volumesRemoved ? ', volumes and all' : ''}.`);
		}
		case 'persist': {
			const x = state.containers.find((k) => k.name === c.name);
			if (!x || !x.running) return fail(`A container named \`${c.name}\` must be running.`);
			const mount = x.mounts.find((m) => m.destination === c.path);
			if (!mount || mount.type !== 'volume')
				return fail(
					`\`${c.name}\` keeps ${c.path} in its own writable layer, which is deleted with the container; mount a named volume there (\`-v NAME:${c.path}\`).`
				);
			if (!probe || probe.exitCode !== 0 || !probe.stdout.includes(c.includes))
				return fail(
					`\`${c.name}\` has the volume \`${mount.name}\` at ${c.path}, but \`${c.read}\` does not show “${c.includes}” yet.`
				);
			// An earlier container had this volume and let go of it: the data
			// outlived a container.
			const earlier = parseRemovals(observation.probes[`${index}:persist:removals`]?.stdout).some(
				(r) =>
					r.type === 'volume' &&
					r.action === 'unmount' &&
					r.id === mount.name &&
					r.container !== '' &&
					r.container !== x.id
			);
			if (!earlier)
				return fail(
					`The data is in \`${c.name}\`; now remove the container (\`docker rm -f ${c.name}\`) and run it again with the same volume.`
				);
			return pass(
				`“${c.includes}” outlived the old \`${c.name}\`: the volume \`${mount.name}\` kept it.`
			);
		}
		case 'reach': {
			const from = state.containers.find((k) => k.name === c.from);
			if (!from || !from.running) return fail(`A container named \`${c.from}\` must be running.`);
			if (probe?.exitCode === 0)
				return pass(`\`${c.from}\` reaches \`${c.to}\` on port ${c.port}.`);
			const to = state.containers.find(
				(k) => k.name === c.to || k.networks.some((n) => n.aliases.includes(c.to))
			);
			if (!to) return fail(`There is no container named \`${c.to}\` for \`${c.from}\` to reach.`);
			const shared = from.networks.filter(
				(n) =>
					!['bridge', 'host', 'none'].includes(n.name) && to.networks.some((m) => m.name === n.name)
			);
			if (shared.length === 0)
				return fail(
					`\`${c.from}\` and \`${c.to}\` share no user-defined network, so \`${c.from}\` cannot find \`${c.to}\` by name; attach both to one (\`--network NAME\`).`
				);
			if (!to.running) return fail(`\`${c.to}\` is on the network but not running.`);
			return fail(`\`${c.from}\` finds \`${c.to}\`, but nothing answers on port ${c.port} yet.`);
		}
		case 'history': {
			const pattern = new RegExp(c.pattern);
			// Each command of a line counts: `cd app && docker images` ran `docker images`.
			const ran = (probe?.stdout ?? '')
				.split('\n')
				.filter((line) => !line.startsWith('#'))
				.flatMap((line) => [line, ...line.split(/&&|\|\||;|\|/)])
				.some((command) => pattern.test(command.trim()));
			return ran ? pass('Done.') : fail(c.message);
		}
	}
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** "There is no container named `db` yet." from "a container named `db`". */
const absent = (who: string) => fail(`There is no ${who.replace(/^a /, '')} yet.`);
