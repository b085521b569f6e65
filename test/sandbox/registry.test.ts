import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox';

let ada: { id: string; registry: { host: string; username: string; password: string } };
let grace: { id: string; registry: { host: string; username: string; password: string } };

const service = useSandbox('registry');
beforeAll(async () => {
	const create = (owner: string, namespace: string) =>
		fetch(`${service().url}/v1/sessions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${service().token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ owner, namespace })
		}).then((r) => r.json());
	[ada, grace] = await Promise.all([create('user-ada', 'ada'), create('user-grace', 'grace')]);
});

const sh = (id: string, script: string) => service().client.sh(id, script, { timeoutMs: 120_000 });
const login = (session: typeof ada, as = session.registry) =>
	sh(
		session.id,
		`echo '${as.password}' | docker login registry.berth:5000 -u ${as.username} --password-stdin 2>&1`
	);

describe("Berth's registry", () => {
	it('gives each session its own credentials', () => {
		expect(ada.registry).toMatchObject({ host: 'registry.berth:5000', username: 'ada' });
		expect(grace.registry.username).toBe('grace');
		expect(ada.registry.password).not.toBe(grace.registry.password);
	});

	it('pulls the catalog as if from Docker Hub', async () => {
		const result = await sh(
			ada.id,
			'docker pull -q redis:7 && docker image inspect -f "{{.RepoTags}}" redis:7'
		);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('redis:7');
	});

	it('says plainly when Berth has no such image, and what it has', async () => {
		const result = await sh(ada.id, 'docker pull mongo 2>&1');
		expect(result.exitCode).not.toBe(0);
		expect(result.stdout).toContain('Berth has no image mongo');
		expect(result.stdout).toContain('redis');
		expect(result.stdout).not.toMatch(/lookup registry-1\.docker\.io/);
	});

	it('says plainly when Berth has an image but not that tag', async () => {
		const result = await sh(ada.id, 'docker pull redis:2 2>&1');
		expect(result.exitCode).not.toBe(0);
		expect(result.stdout).toContain('Berth has redis, but not redis:2');
		expect(result.stdout).toContain('7');
	});

	it('refuses a wrong password', async () => {
		const result = await login(ada, { ...ada.registry, password: 'not-the-password' });
		expect(result.exitCode).not.toBe(0);
		expect(result.stdout).toMatch(/unauthorized|401/i);
	});

	it('lets a learner log in, push to their namespace and pull it back', async () => {
		expect((await login(ada)).stdout).toContain('Login Succeeded');
		const push = await sh(
			ada.id,
			'docker pull -q busybox >/dev/null && docker tag busybox registry.berth:5000/ada/hello:1 && docker push registry.berth:5000/ada/hello:1 2>&1'
		);
		expect(push.exitCode).toBe(0);
		const pull = await sh(
			ada.id,
			'docker rmi registry.berth:5000/ada/hello:1 >/dev/null && docker pull -q registry.berth:5000/ada/hello:1'
		);
		expect(pull.stdout.trim()).toBe('registry.berth:5000/ada/hello:1');
	});

	it("refuses a push to another learner's namespace", async () => {
		await login(ada);
		const result = await sh(
			ada.id,
			'docker pull -q busybox >/dev/null && docker tag busybox registry.berth:5000/grace/stolen:1 && docker push registry.berth:5000/grace/stolen:1 2>&1'
		);
		expect(result.exitCode).not.toBe(0);
		expect(result.stdout).toMatch(/denied|another learner/);
	});

	it("refuses a push to Berth's catalog, by either name", async () => {
		await login(ada);
		const viaBerth = await sh(
			ada.id,
			'docker tag busybox registry.berth:5000/library/redis:evil && docker push registry.berth:5000/library/redis:evil 2>&1'
		);
		expect(viaBerth.exitCode).not.toBe(0);
		const viaHub = await sh(ada.id, 'docker tag busybox redis:evil && docker push redis:evil 2>&1');
		expect(viaHub.exitCode).not.toBe(0);
		// The catalog is unchanged: another learner still pulls the real redis.
		const check = await sh(grace.id, 'docker pull -q redis:evil 2>&1; echo exit=$?');
		expect(check.stdout).toContain('exit=1');
	});

	it('keeps one learner out of another namespace even for reading', async () => {
		await login(grace);
		const result = await sh(grace.id, 'docker pull registry.berth:5000/ada/hello:1 2>&1');
		expect(result.exitCode).not.toBe(0);
	});
});
