import { describe, expect, it } from 'vitest';
import { check, evaluate, probesOf } from './catalog';
import { container, observe } from './fixtures';
import type { Observation } from './types';

const judge = (raw: unknown, observation: Observation) =>
	evaluate(check.parse(raw), 0, observation);

describe('container checks', () => {
	it('passes for a running container from the image, by its normalised name', () => {
		const verdict = judge(
			{ type: 'container', image: 'nginx:latest' },
			observe({ containers: [container({})] })
		);
		expect(verdict).toEqual({ pass: true, message: 'A container from `nginx:latest` is running.' });
	});

	it('says what is missing, and what is there instead', () => {
		expect(judge({ type: 'container', name: 'db' }, observe({}))).toEqual({
			pass: false,
			message: 'There is no container named `db` yet.'
		});
		expect(
			judge(
				{ type: 'container', name: 'web', image: 'httpd' },
				observe({ containers: [container({})] })
			)
		).toEqual({
			pass: false,
			message: '`web` runs `nginx`, not `httpd`.'
		});
	});

	it('tells a stopped container from a running one, pointing at its logs', () => {
		const stopped = container({ running: false, state: 'exited', exitCode: 1 });
		expect(
			judge({ type: 'container', name: 'web' }, observe({ containers: [stopped] })).message
		).toBe('A container named `web` exists but has stopped (exit code 1); see `docker logs web`.');
		expect(
			judge({ type: 'container', name: 'web', state: 'exited' }, observe({ containers: [stopped] }))
				.pass
		).toBe(true);
	});
});

describe('port checks', () => {
	const published = container({
		ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8081 }]
	});

	it('names the -p flag that is missing', () => {
		const verdict = judge(
			{ type: 'port', image: 'redis', containerPort: 6379 },
			observe({ containers: [container({ name: 'cache', image: 'redis' })] })
		);
		expect(verdict).toEqual({
			pass: false,
			message:
				'A container from `redis` is running, but port 6379 is not published; add `-p 6379:6379`.'
		});
	});

	it('tells the learner when the host port is the wrong one', () => {
		expect(
			judge(
				{ type: 'port', name: 'web', containerPort: 80, hostPort: 8080 },
				observe({ containers: [published] })
			)
		).toEqual({
			pass: false,
			message: 'Port 80 is published on 8081, not 8080: use `-p 8080:80`.'
		});
		expect(
			judge(
				{ type: 'port', name: 'web', containerPort: 80, hostPort: 8081 },
				observe({ containers: [published] })
			).pass
		).toBe(true);
	});
});

describe('checks that probe the engine', () => {
	it('asks for an HTTP request and judges its status and body', () => {
		const c = check.parse({ type: 'http', port: 8080, bodyIncludes: 'Welcome' });
		expect(probesOf(c, 0)).toEqual([
			{
				id: '0:http',
				cmd: ['sh', '-c', "curl -s -m 5 -w '\\n%{http_code}' http://localhost:8080/"]
			}
		]);
		const answer = (stdout: string, exitCode = 0) =>
			observe({}, { '0:http': { exitCode, stdout, stderr: '' } });
		expect(evaluate(c, 0, answer('<h1>Welcome</h1>\n200')).pass).toBe(true);
		expect(evaluate(c, 0, answer('oops\n500')).message).toBe(
			'Port 8080 answers 500 for /, not 200.'
		);
		expect(evaluate(c, 0, answer('\n000', 7)).message).toBe('Nothing answers on port 8080 yet.');
		expect(evaluate(c, 0, answer('<h1>Hello</h1>\n200')).message).toContain(
			'does not contain “Welcome”'
		);
	});

	it('quotes file paths so a path cannot run commands', () => {
		const c = check.parse({ type: 'file', path: "x'; rm -rf / #" });
		expect(probesOf(c, 3)[0]!.cmd[2]).toBe(`cat -- 'x'\\''; rm -rf / #'`);
	});

	it('shows the author’s message while a command check fails', () => {
		const c = check.parse({
			type: 'command',
			run: 'test -f ~/done',
			message: 'Create ~/done first.'
		});
		expect(
			evaluate(c, 1, observe({}, { '1:command': { exitCode: 1, stdout: '', stderr: '' } }))
		).toEqual({
			pass: false,
			message: 'Create ~/done first.'
		});
	});
});

describe('environment, volumes, mounts, networks, images', () => {
	it('checks an environment variable and its value', () => {
		const db = container({ name: 'db', image: 'postgres', env: { POSTGRES_PASSWORD: 'secret' } });
		expect(
			judge(
				{ type: 'env', name: 'db', variable: 'POSTGRES_PASSWORD' },
				observe({ containers: [db] })
			).pass
		).toBe(true);
		expect(
			judge(
				{ type: 'env', name: 'db', variable: 'POSTGRES_DB', value: 'app' },
				observe({ containers: [db] })
			).message
		).toBe('A container named `db` has no POSTGRES_DB; set it with `-e POSTGRES_DB=app`.');
	});

	it('checks volumes and where they are mounted', () => {
		const db = container({
			name: 'db',
			mounts: [
				{
					type: 'volume',
					name: 'pgdata',
					source: '/v',
					destination: '/var/lib/postgresql/data',
					readWrite: true
				}
			]
		});
		const state = {
			containers: [db],
			volumes: [{ name: 'pgdata', driver: 'local', labels: {}, createdAt: null, compose: null }]
		};
		expect(judge({ type: 'volume', name: 'pgdata' }, observe(state)).pass).toBe(true);
		expect(
			judge(
				{ type: 'mount', name: 'db', destination: '/var/lib/postgresql/data', volume: 'pgdata' },
				observe(state)
			).pass
		).toBe(true);
		expect(judge({ type: 'mount', name: 'db', destination: '/data' }, observe(state)).message).toBe(
			'Nothing is mounted at /data in a container named `db`; add `-v NAME:/data`.'
		);
	});

	it('checks a user-defined network and who is on it', () => {
		const api = container({ name: 'api', networks: [{ name: 'app', ip: '', aliases: [] }] });
		const db = container({ name: 'db' });
		const networks = [
			{
				id: 'n',
				name: 'app',
				driver: 'bridge',
				internal: false,
				labels: {},
				builtin: false,
				compose: null
			}
		];
		const raw = { type: 'network', name: 'app', containers: ['api', 'db'] };
		expect(judge(raw, observe({ containers: [api, db], networks })).message).toBe(
			'`db` is not on `app`; use `--network app`.'
		);
		expect(
			judge(
				{ type: 'network', name: 'bridge' },
				observe({ networks: [{ ...networks[0]!, name: 'bridge', builtin: true }] })
			).pass
		).toBe(false);
	});

	it('counts only the layers that add files', () => {
		const layer = (instruction: string, empty: boolean) => ({
			id: null,
			instruction,
			createdBy: '',
			size: empty ? 0 : 10,
			created: '',
			empty
		});
		const image = {
			id: 'i',
			tags: ['app:1'],
			size: 1,
			created: '',
			labels: {},
			layers: [
				layer('ADD file in /', false),
				layer('RUN npm ci', false),
				layer('COPY . .', false),
				layer('CMD ["node"]', true)
			]
		};
		expect(
			judge({ type: 'image', tag: 'app:1', maxLayers: 3 }, observe({ images: [image] })).pass
		).toBe(true);
		expect(
			judge({ type: 'image', tag: 'app:1', maxLayers: 2 }, observe({ images: [image] })).message
		).toBe('`app:1` has 3 layers that add files; at most 2 are wanted.');
		expect(judge({ type: 'image', tag: 'app:2' }, observe({ images: [image] })).pass).toBe(false);
	});
});

describe('the check schema', () => {
	it('names the field at fault in a malformed check', () => {
		const result = check.safeParse({ type: 'port', image: 'nginx', containerPort: 'eighty' });
		expect(result.success).toBe(false);
		expect(result.error!.issues[0]!.path).toEqual(['containerPort']);
		expect(check.safeParse({ type: 'teleport' }).success).toBe(false);
	});

	it('describes every field, for lesson authors', () => {
		for (const option of check.options) {
			for (const [field, schema] of Object.entries(option.shape)) {
				if (field === 'type') continue;
				expect(
					(schema as { description?: string }).description,
					`${option.shape.type.value}.${field}`
				).toBeTruthy();
			}
		}
	});
});
