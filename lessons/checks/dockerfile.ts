import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { fail, pass, type ImageState, type Verdict } from './types';

/** What a `dockerfile` check asks of the file (see catalog.ts for the schema). */
export interface DockerfileWants {
	path: string;
	from?: string;
	instructions: string[];
	expose?: number;
	cmd?: string;
	dependenciesFirst?: { manifest: string; install: string };
}

const line = (i: Instruction) => i.getRange().start.line + 1;
const shown = (i: Instruction) => `\`${i.getKeyword()} ${i.getArgumentsContent() ?? ''}\``;

/** The sources of a COPY or ADD (flags and the destination left out). */
function sourcesOf(i: Instruction): string[] {
	const content = (i.getArgumentsContent() ?? '').trim();
	let args: string[];
	if (content.startsWith('[')) {
		try {
			args = JSON.parse(content) as string[];
		} catch {
			args = [];
		}
	} else args = i.getArguments().map((a) => a.getValue());
	return args.filter((a) => !a.startsWith('--')).slice(0, -1);
}

const copiesEverything = (i: Instruction) =>
	sourcesOf(i).some((s) => ['.', './', '*', './*'].includes(s));

/** Whether a COPY source such as `package*.json` or `./package.json` brings in `file`. */
function sourceMatches(source: string, file: string): boolean {
	const pattern = source.replace(/^\.\//, '').replace(/\/$/, '');
	const regex = new RegExp(
		`^${pattern
			.replace(/[.+^${}()|[\]\\]/g, '\\$&')
			.replace(/\*/g, '[^/]*')
			.replace(/\?/g, '[^/]')}$`
	);
	return regex.test(file);
}

/** The verdict on a Dockerfile's text (null: there is no such file). */
export function judgeDockerfile(wants: DockerfileWants, text: string | null): Verdict {
	if (text === null) return fail(`There is no ~/${wants.path} yet.`);
	const dockerfile = DockerfileParser.parse(text);
	const instructions = dockerfile.getInstructions();
	const froms = dockerfile.getFROMs();
	if (froms.length === 0)
		return fail(`~/${wants.path} has no FROM: every Dockerfile starts from a base image.`);

	if (wants.from) {
		const last = froms[froms.length - 1]!;
		const [name, tag] = wants.from.split(':');
		const actual = `${last.getImageName() ?? ''}${last.getImageTag() ? `:${last.getImageTag()}` : ''}`;
		if (last.getImageName() !== name || (tag !== undefined && last.getImageTag() !== tag))
			return fail(
				`~/${wants.path} starts FROM \`${actual}\`; this step wants \`FROM ${wants.from}\`.`
			);
	}

	const keywords = new Set(instructions.map((i) => i.getKeyword()));
	const missing = wants.instructions.filter((k) => !keywords.has(k.toUpperCase()));
	if (missing.length > 0)
		return fail(
			`~/${wants.path} has no ${missing.map((k) => `\`${k.toUpperCase()}\``).join(' or ')} yet.`
		);

	if (wants.expose !== undefined) {
		const exposed = dockerfile
			.getInstructions()
			.filter((i) => i.getKeyword() === 'EXPOSE')
			.flatMap((i) => i.getArguments().map((a) => Number.parseInt(a.getValue(), 10)));
		if (!exposed.includes(wants.expose))
			return fail(`~/${wants.path} does not \`EXPOSE ${wants.expose}\` yet.`);
	}

	if (wants.cmd !== undefined) {
		const cmds = instructions.filter((i) => i.getKeyword() === 'CMD');
		const cmd = cmds[cmds.length - 1];
		if (!cmd) return fail(`~/${wants.path} has no CMD: say what the container runs.`);
		const text = cmd.getArgumentsContent() ?? '';
		const words = text.startsWith('[') ? safeJoin(text) : text;
		if (!words.includes(wants.cmd))
			return fail(
				`The CMD on line ${line(cmd)} runs \`${words}\`; it should run \`${wants.cmd}\`.`
			);
	}

	if (wants.dependenciesFirst) {
		const { manifest, install } = wants.dependenciesFirst;
		const installIndex = instructions.findIndex(
			(i) => i.getKeyword() === 'RUN' && (i.getArgumentsContent() ?? '').includes(install)
		);
		if (installIndex === -1) return fail(`~/${wants.path} has no \`RUN ${install}\` yet.`);
		const run = instructions[installIndex]!;
		const before = instructions
			.slice(0, installIndex)
			.filter((i) => i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD');
		const everything = before.find(copiesEverything);
		if (everything)
			return fail(
				`${shown(everything)} on line ${line(everything)} copies all your source before ${shown(run)} on line ${line(run)}, so changing any file reinstalls the dependencies. Copy ${manifest} first, install, then copy the rest.`
			);
		if (!before.some((i) => sourcesOf(i).some((s) => sourceMatches(s, manifest))))
			return fail(
				`Copy ${manifest} in before ${shown(run)} on line ${line(run)}: the install needs it.`
			);
		const after = instructions
			.slice(installIndex + 1)
			.filter(
				(i) => (i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD') && copiesEverything(i)
			);
		if (after.length === 0)
			return fail(
				`After ${shown(run)}, copy in the rest of the source (\`COPY . .\`): the image has no app yet.`
			);
	}
	return pass(`~/${wants.path} looks right.`);
}

function safeJoin(json: string): string {
	try {
		return (JSON.parse(json) as string[]).join(' ');
	} catch {
		return json;
	}
}

/**
 * Whether a rebuild of `image` took the layer made by an instruction containing
 * `instruction` from the cache: an older build (now another image, often
 * `<none>`) has the very same layer, and the two differ after it.
 */
export function judgeCache(
	tag: string,
	image: ImageState | undefined,
	others: ImageState[],
	instruction: string
): Verdict {
	if (!image)
		return fail(`There is no image \`${tag}\` yet; build it with \`docker build -t ${tag} .\`.`);
	const index = image.layers.findIndex((l) => l.instruction.includes(instruction));
	if (index === -1)
		return fail(`\`${tag}\` has no layer made by an instruction with \`${instruction}\`.`);
	const layer = image.layers[index]!;
	const reused = others.filter((o) => o.layers.some((l) => l.id && l.id === layer.id));
	if (layer.id && reused.length > 0)
		return pass(`The rebuild of \`${tag}\` took \`${layer.instruction}\` from the cache.`);

	// Was there an earlier build of the same Dockerfile that ran the instruction too?
	const mine = new Set(image.layers.map((l) => l.id).filter(Boolean));
	const earlier = others.find(
		(o) =>
			o.layers.some((l) => l.id && mine.has(l.id)) &&
			o.layers.some((l) => l.instruction.includes(instruction))
	);
	if (earlier) {
		// The same steps in the same order (COPY's content hash aside)? Else the
		// Dockerfile itself changed, and this is the first build of the new one.
		const shape = (i: ImageState) =>
			i.layers.map((l) => l.instruction.replace(/ (file|dir|multi):[0-9a-f]+/, '')).join('\n');
		if (shape(earlier) !== shape(image))
			return fail(
				`This is the first build of your changed Dockerfile, so its steps could not come from the cache yet. Change a source file and run \`docker build -t ${tag} .\` once more: \`${layer.instruction}\` should then be cached.`
			);
		const changed = image.layers.findIndex(
			(l, i) => i <= index && l.id !== null && earlier.layers[i]?.id !== l.id
		);
		const culprit = image.layers[changed];
		return fail(
			culprit && changed < index
				? `The last rebuild ran \`${layer.instruction}\` again: \`${culprit.instruction}\` before it changed, and every step after a changed one runs again. Install the dependencies before copying the source.`
				: `The last rebuild ran \`${layer.instruction}\` again instead of taking it from the cache.`
		);
	}
	return fail(
		`Change a source file (not the dependency list) and run \`docker build -t ${tag} .\` again: \`${layer.instruction}\` should then come from the cache.`
	);
}
