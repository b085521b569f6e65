import { describe, expect, it } from 'vitest';
import { check, evaluate, probesOf } from './catalog';
import { container, image, observe, probe } from './fixtures';
import type { LayerState, Observation } from './types';

const judge = (raw: unknown, observation: Observation) =>
	evaluate(check.parse(raw), 0, observation);

describe('container checks, the rest of the lifecycle', () => {
	const killed = container({ running: false, state: 'exited', exitCode: 137 });

	it('knows a removed container from one still there', () => {
		expect(judge({ type: 'container', name: 'web', state: 'absent' }, observe({})).pass).toBe(true);
		expect(
			judge({ type: 'container', name: 'web', state: 'absent' }, observe({ containers: [killed] }))
				.message
		).toBe('`web` is still there (stopped); remove it with `docker rm web`.');
	});

	it('checks the exit code, the restart policy and the network', () => {
		const exitedWith = (code: number) =>
			judge(
				{ type: 'container', name: 'web', state: 'exited', exitCode: 137 },
				observe({ containers: [container({ running: false, exitCode: code })] })
			);
		expect(exitedWith(137).pass).toBe(true);
		expect(exitedWith(0).message).toBe(
			'A container named `web` stopped with exit code 0, not 137 (what `docker kill` gives).'
		);
		expect(
			judge(
				{ type: 'container', name: 'web', restart: 'always' },
				observe({ containers: [container({})] })
			).message
		).toBe('A container named `web` has the restart policy `no`; run it with `--restart always`.');
		expect(
			judge(
				{ type: 'container', name: 'web', restart: 'always', minRestarts: 2 },
				observe({ containers: [container({ restartPolicy: 'always', restartCount: 1 })] })
			).message
		).toBe('Docker has restarted a container named `web` 1 time so far; wait for 2.');
		expect(
			judge(
				{ type: 'container', name: 'web', network: 'host' },
				observe({ containers: [container({})] })
			).message
		).toBe('A container named `web` is on `bridge`, not `host`; use `--network host`.');
	});
});

describe('dockerfile checks (parsed with dockerfile-ast)', () => {
	const read = (text: string | null) => ({
		'0:dockerfile': text === null ? probe('', 1) : probe(text)
	});
	const wants = {
		type: 'dockerfile',
		path: 'app/Dockerfile',
		from: 'node:20',
		instructions: ['WORKDIR', 'COPY', 'RUN', 'CMD'],
		expose: 3000,
		cmd: 'server.js',
		dependenciesFirst: { manifest: 'package.json', install: 'npm install' }
	};
	const good = [
		'FROM node:20',
		'WORKDIR /app',
		'COPY package*.json ./',
		'RUN npm install',
		'COPY . .',
		'EXPOSE 3000',
		'CMD ["node", "server.js"]'
	].join('\n');

	it('reads the file from the learner’s home', () => {
		expect(probesOf(check.parse(wants), 0)[0]!.cmd.join(' ')).toContain("cat -- 'app/Dockerfile'");
	});

	it('passes a Dockerfile that installs before copying the source', () => {
		expect(judge(wants, observe({}, read(good)))).toEqual({
			pass: true,
			message: '~/app/Dockerfile looks right.'
		});
	});

	it('names what is wrong, with line numbers', () => {
		const cases: [string | null, string][] = [
			[null, 'There is no ~/app/Dockerfile yet.'],
			['RUN echo hi', '~/app/Dockerfile has no FROM: every Dockerfile starts from a base image.'],
			[
				good.replace('node:20', 'node:18'),
				'~/app/Dockerfile starts FROM `node:18`; this step wants `FROM node:20`.'
			],
			[good.replace('WORKDIR /app\n', ''), '~/app/Dockerfile has no `WORKDIR` yet.'],
			[good.replace('EXPOSE 3000', 'EXPOSE 8080'), '~/app/Dockerfile does not `EXPOSE 3000` yet.'],
			[
				good.replace('"server.js"', '"index.js"'),
				'The CMD on line 7 runs `node index.js`; it should run `server.js`.'
			],
			[
				'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\nEXPOSE 3000',
				'`COPY . .` on line 3 copies all your source before `RUN npm install` on line 4, so changing any file reinstalls the dependencies. Copy package.json first, install, then copy the rest.'
			],
			[
				good.replace('COPY package*.json ./\n', ''),
				'Copy package.json in before `RUN npm install` on line 3: the install needs it.'
			],
			[
				good.replace('COPY . .\n', ''),
				'After `RUN npm install`, copy in the rest of the source (`COPY . .`): the image has no app yet.'
			]
		];
		for (const [text, message] of cases)
			expect(judge(wants, observe({}, read(text)))).toEqual({ pass: false, message });
	});

	it('accepts the other ways of writing a copy', () => {
		const variants = [
			good.replace('COPY package*.json ./', 'COPY ./package.json ./'),
			good.replace('COPY package*.json ./', 'COPY ["package.json", "package-lock.json", "./"]'),
			good.replace('COPY package*.json ./', 'COPY --chown=node package.json .')
		];
		for (const text of variants)
			expect(judge(wants, observe({}, read(text))).pass, text).toBe(true);
	});
});

describe('cache checks', () => {
	const layer = (id: string | null, instruction: string): LayerState => ({
		id,
		instruction,
		createdBy: instruction,
		size: 1,
		created: '',
		empty: false
	});
	const base = layer(null, 'ADD file:abc in /');
	const first = image({
		id: 'sha256:old',
		tags: [],
		layers: [
			base,
			layer('w', 'WORKDIR /app'),
			layer('p', 'COPY file:pkg in ./'),
			layer('i', 'RUN npm install'),
			layer('s1', 'COPY dir:src in .')
		]
	});
	const rebuilt = image({
		id: 'sha256:new',
		tags: ['counter:latest'],
		layers: [
			base,
			layer('w', 'WORKDIR /app'),
			layer('p', 'COPY file:pkg in ./'),
			layer('i', 'RUN npm install'),
			layer('s2', 'COPY dir:src in .')
		]
	});
	const wants = { type: 'cache', tag: 'counter', instruction: 'npm install' };

	it('passes when an older build shares the install layer', () => {
		expect(judge(wants, observe({ images: [rebuilt, first] }))).toEqual({
			pass: true,
			message: 'The rebuild of `counter` took `RUN npm install` from the cache.'
		});
	});

	it('asks for a rebuild when there is only one build', () => {
		expect(judge(wants, observe({ images: [rebuilt] })).message).toBe(
			'Change a source file (not the dependency list) and run `docker build -t counter .` again: `RUN npm install` should then come from the cache.'
		);
	});

	it('names the instruction that broke the cache', () => {
		const naive = (id: string, src: string) =>
			image({
				id,
				tags: id === 'sha256:b' ? ['counter:latest'] : [],
				layers: [
					base,
					layer('w', 'WORKDIR /app'),
					layer(src, 'COPY dir:src in .'),
					layer(`${src}i`, 'RUN npm install')
				]
			});
		expect(
			judge(wants, observe({ images: [naive('sha256:b', 'b'), naive('sha256:a', 'a')] })).message
		).toBe(
			'The last rebuild ran `RUN npm install` again: `COPY dir:src in .` before it changed, and every step after a changed one runs again. Install the dependencies before copying the source.'
		);
	});
});

describe('cache checks after the Dockerfile changed', () => {
	it('says a first build of a new Dockerfile cannot be cached yet', () => {
		const layer = (id: string, instruction: string) => ({
			id,
			instruction,
			createdBy: instruction,
			size: 1,
			created: '',
			empty: false
		});
		const naive = image({
			id: 'sha256:a',
			layers: [
				layer('w', 'WORKDIR /app'),
				layer('s', 'COPY dir:1a in .'),
				layer('i1', 'RUN npm install')
			]
		});
		const reordered = image({
			id: 'sha256:b',
			tags: ['loud:latest'],
			layers: [
				layer('w', 'WORKDIR /app'),
				layer('p', 'COPY file:2b in ./'),
				layer('i2', 'RUN npm install'),
				layer('s2', 'COPY dir:3c in .')
			]
		});
		expect(
			judge(
				{ type: 'cache', tag: 'loud', instruction: 'npm install' },
				observe({ images: [reordered, naive] })
			).message
		).toBe(
			'This is the first build of your changed Dockerfile, so its steps could not come from the cache yet. Change a source file and run `docker build -t loud .` once more: `RUN npm install` should then be cached.'
		);
	});
});

describe('registry checks', () => {
	const listing = (
		repositories: Record<string, string[]>,
		images: Record<string, string> = {},
		local: string[] = []
	) => ({
		state: observe({ images: local.map((id) => image({ id, tags: ['hello:1.0'] })) }).state,
		probes: {},
		registry: { host: 'registry.berth:5000', namespace: 'ada', repositories, images }
	});
	it('looks under the learner’s namespace for the repository and tag', () => {
		const wants = { type: 'registry', repository: 'hello', tag: '1.0' };
		expect(judge(wants, listing({})).message).toBe(
			'Nothing is pushed to `registry.berth:5000/ada/hello` yet: tag your image `registry.berth:5000/ada/hello:1.0` and `docker push` it.'
		);
		expect(judge(wants, listing({ hello: ['latest'] })).message).toBe(
			'`registry.berth:5000/ada/hello` has `latest`, but not `1.0` yet.'
		);
		expect(judge(wants, listing({ hello: ['1.0', 'latest'] })).pass).toBe(true);
		expect(judge(wants, observe({})).pass).toBe(false);
	});

	it('can insist the pushed tag is the local image, not an older push', () => {
		const wants = { type: 'registry', repository: 'hello', tag: '1.0', image: 'hello:1.0' };
		const pushed = { hello: ['1.0'] };
		expect(
			judge(wants, listing(pushed, { 'hello:1.0': 'sha256:old' }, ['sha256:new'])).message
		).toBe(
			'`registry.berth:5000/ada/hello:1.0` in the registry is an older image than your `hello:1.0`; `docker push` it again.'
		);
		expect(judge(wants, listing(pushed, { 'hello:1.0': 'sha256:new' }, ['sha256:new'])).pass).toBe(
			true
		);
	});
});

describe('compose checks', () => {
	const up = {
		name: 'stack',
		services: [
			{ name: 'web', containers: ['stack_web_1'], running: 1 },
			{ name: 'db', containers: ['stack_db_1'], running: 0 }
		],
		volumes: ['stack_data'],
		networks: ['stack_default']
	};
	it('names the service that is not running', () => {
		const wants = { type: 'compose', project: 'stack', services: ['web', 'db'] };
		expect(judge(wants, observe({})).message).toBe(
			'The compose project `stack` is not up yet; run `docker compose up -d` in its folder.'
		);
		expect(judge(wants, observe({ compose: [up] })).message).toBe(
			'`stack` is up, but `db` is not running; see `docker compose ps` and `docker compose logs`.'
		);
	});

	it('tells "brought down" from "never up", and wants the volumes gone', () => {
		const wants = { type: 'compose', project: 'stack', state: 'down', volumesRemoved: true };
		const events = (text: string) => ({ '0:compose': probe(text) });
		const destroyed =
			'volume unmount 1795346162000000000 stack_data - - 4f1c\ncontainer destroy 1795346162100000000 4f1c stack_db_1 stack -\n';
		expect(judge(wants, observe({ compose: [up] }, events(''))).message).toBe(
			'`stack` is still up; bring it down with `docker compose down`.'
		);
		expect(judge(wants, observe({}, events(''))).message).toBe(
			'`stack` has not been brought up and down yet.'
		);
		const volume = {
			name: 'stack_data',
			driver: 'local',
			labels: {},
			createdAt: null,
			compose: { project: 'stack' }
		};
		expect(judge(wants, observe({ volumes: [volume] }, events(destroyed))).message).toBe(
			'`stack` is down, but its volume `stack_data` is still there; `docker compose down --volumes` removes them.'
		);
		expect(judge(wants, observe({}, events(destroyed))).pass).toBe(true);
	});
});

describe('persist checks', () => {
	const wants = {
		type: 'persist',
		name: 'db',
		path: '/data',
		read: 'redis-cli GET greeting',
		includes: 'hello'
	};
	const withVolume = container({
		id: 'new',
		name: 'db',
		image: 'redis',
		mounts: [
			{
				type: 'volume',
				name: 'data',
				source: '/var/lib/docker/volumes/data/_data',
				destination: '/data',
				readWrite: true
			}
		]
	});
	const volume = { name: 'data', driver: 'local', labels: {}, createdAt: null, compose: null };
	/** The engine's log: container `by` let go of the volume `data`. */
	const probes = (read: string, by?: string) => ({
		'0:persist': probe(read),
		'0:persist:removals': probe(by ? `volume unmount 1795346162000000000 data - - ${by}\n` : '')
	});

	it('wants a named volume at the path', () => {
		const bare = container({ name: 'db', image: 'redis' });
		expect(judge(wants, observe({ containers: [bare] }, probes('hello'))).message).toBe(
			'`db` keeps /data in its own writable layer, which is deleted with the container; mount a named volume there (`-v NAME:/data`).'
		);
	});

	it('wants the data, and an earlier container that had the volume', () => {
		const state = { containers: [withVolume], volumes: [volume] };
		expect(judge(wants, observe(state, probes('\n', 'old'))).pass).toBe(false);
		expect(judge(wants, observe(state, probes('hello'))).message).toBe(
			'The data is in `db`; now remove the container (`docker rm -f db`) and run it again with the same volume.'
		);
		// Stopping and starting the same container is not recreating it.
		expect(judge(wants, observe(state, probes('hello', 'new'))).pass).toBe(false);
		expect(judge(wants, observe(state, probes('hello', 'old')))).toEqual({
			pass: true,
			message: '“hello” outlived the old `db`: the volume `data` kept it.'
		});
	});
});

describe('reach checks', () => {
	const wants = { type: 'reach', from: 'backend', to: 'db', port: 6379 };
	const on = (name: string, ...networks: string[]) =>
		container({ name, networks: networks.map((n) => ({ name: n, ip: '', aliases: [] })) });

	it('explains why a container cannot reach another by name', () => {
		const failed = { '0:reach': probe('ENOTFOUND', 1) };
		expect(judge(wants, observe({ containers: [on('backend', 'bridge')] }, failed)).message).toBe(
			'There is no container named `db` for `backend` to reach.'
		);
		expect(
			judge(wants, observe({ containers: [on('backend', 'bridge'), on('db', 'bridge')] }, failed))
				.message
		).toBe(
			'`backend` and `db` share no user-defined network, so `backend` cannot find `db` by name; attach both to one (`--network NAME`).'
		);
		expect(
			judge(wants, observe({ containers: [on('backend', 'app'), on('db', 'app')] }, failed)).message
		).toBe('`backend` finds `db`, but nothing answers on port 6379 yet.');
		expect(
			judge(
				wants,
				observe({ containers: [on('backend', 'app'), on('db', 'app')] }, { '0:reach': probe('') })
			).pass
		).toBe(true);
	});

	it('connects from inside the container, with whatever the image has', () => {
		const [p] = probesOf(check.parse(wants), 0);
		expect(p!.cmd.slice(0, 3)).toEqual(['docker', 'exec', 'backend']);
		expect(p!.cmd[5]).toContain("'db' 6379");
	});
});

describe('history checks', () => {
	const wants = {
		type: 'history',
		pattern: '^docker (ps|container ls) .*(-a|--all)\\b',
		message: 'Run `docker ps -a`.'
	};
	it('matches a command line, not timestamps or other commands', () => {
		const history = (text: string) => ({ '0:history': probe(text) });
		expect(judge(wants, observe({}, history('docker ps\n#1795346162\nls\n'))).pass).toBe(false);
		expect(judge(wants, observe({}, history('docker ps\ndocker ps -a\n'))).pass).toBe(true);
		expect(judge(wants, observe({}, history('cd app && docker ps -a | head\n'))).pass).toBe(true);
	});
	it('rejects a pattern that is not a regular expression', () => {
		expect(check.safeParse({ ...wants, pattern: '(' }).success).toBe(false);
	});
});
