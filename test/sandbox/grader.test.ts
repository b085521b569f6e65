import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../lessons/checks/catalog';
import { gradeStep } from '../../lessons/grader';
import { useSandbox } from '../helpers/sandbox';

/** The observation half of the checks, against a real engine: red before, green after. */
let sessionId: string;

const service = useSandbox('grader');
beforeAll(async () => {
	sessionId = (await service().client.createSession({ owner: 'learner-g' })).id;
});

const step = [
	{ type: 'container', name: 'web', image: 'nginx' },
	{ type: 'port', name: 'web', containerPort: 80, hostPort: 8080 },
	{ type: 'http', port: 8080, bodyIncludes: 'Welcome to nginx' },
	{ type: 'file', path: 'notes.txt', includes: 'ports' },
	{
		type: 'command',
		run: 'docker volume inspect data >/dev/null 2>&1',
		message: 'Create the volume `data`.'
	}
].map((raw) => check.parse(raw));

describe('grading a step against a real engine', () => {
	it('fails every check before the learner acts, saying what is missing', async () => {
		const result = await gradeStep(service().client, sessionId, step);
		expect(result.pass).toBe(false);
		expect(result.checks.map((c) => c.pass)).toEqual([false, false, false, false, false]);
		expect(result.checks.map((c) => c.message)).toEqual([
			'There is no container named `web` from `nginx` yet.',
			'A container named `web` must be running first.',
			'Nothing answers on port 8080 yet.',
			'There is no file ~/notes.txt yet.',
			'Create the volume `data`.'
		]);
	});

	it('names the exact flag when the learner is half-way', async () => {
		await service().client.sh(sessionId, 'docker run -d --name web nginx >/dev/null');
		const result = await gradeStep(service().client, sessionId, step);
		expect(result.checks[0]!.pass).toBe(true);
		expect(result.checks[1]!.message).toBe(
			'A container named `web` is running, but port 80 is not published; add `-p 8080:80`.'
		);
	});

	it('passes every check once the learner has done the step', async () => {
		await service().client.sh(
			sessionId,
			'docker rm -f web >/dev/null && docker run -d --name web -p 8080:80 nginx >/dev/null && ' +
				'echo "ports map host to container" > notes.txt && docker volume create data >/dev/null && ' +
				'for i in $(seq 50); do curl -sf localhost:8080 >/dev/null && break; sleep 0.1; done'
		);
		const result = await gradeStep(service().client, sessionId, step);
		expect(result.checks.filter((c) => !c.pass)).toEqual([]);
		expect(result.pass).toBe(true);
	});
});
