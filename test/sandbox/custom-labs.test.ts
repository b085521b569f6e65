import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import { createClass } from '../../web/src/lib/server/classes';
import {
	createLab,
	labForInstructor,
	proveLab,
	publishLab,
	saveDraft
} from '../../web/src/lib/server/custom-labs';
import type { Database, DatabaseHandle } from '../../web/src/lib/server/db';
import { labTemplate } from '../../web/src/lib/server/lab-template';
import type { LabProof } from '../../web/src/lib/lab-files';
import { backends } from '../helpers/databases';
import { useSandbox } from '../helpers/sandbox';

/**
 * Proving an instructor's lab solvable, in real engines: the same run the
 * test suite gives content/ (test/sandbox/lessons.test.ts). A good lab is
 * proven and can be published; a lab whose solution does not reach the goal,
 * or whose goal is met before anything is done, is not.
 */
const service = useSandbox('custom-labs', { env: { SANDBOX_POOL_SIZE: '2' } });
const STEP = 'steps/01-serve-the-site.md';

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
	handle = await backends[0]!.open();
	db = handle.db;
});
afterAll(async () => {
	await handle?.close();
});

let counter = 0;
/** An instructor with a class and a lab whose draft is `files`. */
async function labWith(files: Record<string, string>) {
	const email = `prover-${counter++}@example.com`;
	const user = await register(db, { email, password: 'long-enough', displayName: null });
	await setRole(db, email, 'instructor');
	const teacher = { id: user.id, role: 'instructor' as const };
	const made = await createClass(db, { name: 'Proofs', by: teacher });
	const lab = (await createLab(db, made.id, teacher))!;
	expect((await saveDraft(db, lab.id, teacher, files))!.saved).toBe(true);
	return { teacher, lab };
}

function withStep(change: (step: string) => string) {
	const files = labTemplate();
	files[STEP] = change(files[STEP]!);
	return files;
}

describe.concurrent('proving a lab solvable', () => {
	it('proves the template in a fresh engine of its own, removed after', async () => {
		const { teacher, lab } = await labWith(labTemplate());
		const client = service().client;
		const owner = `lab-proof:${teacher.id}`;
		const stages: string[] = [];
		let enginesWhileRunning = 0;
		const proof = (await proveLab(db, lab.id, teacher, {
			client,
			onStage: (stage) => {
				stages.push(stage);
				if (stage === 'Running the solution')
					void client.listSessions(owner).then((s) => (enginesWhileRunning = s.length));
			}
		})) as LabProof;

		expect(proof.error).toBeNull();
		expect(proof.ok).toBe(true);
		expect(proof.checks.map((c) => [c.label, c.pass])).toEqual([
			['container web', true],
			['port web', true],
			['http /', true]
		]);
		expect(stages).toEqual([
			'Starting a fresh engine',
			'Placing the starting files and running setup',
			'Checking that the goal is not met before the solution',
			'Running the solution',
			'Checking that the goal is met'
		]);
		expect(enginesWhileRunning).toBe(1);
		expect(await client.listSessions(owner)).toEqual([]);

		expect((await labForInstructor(db, lab.id, teacher))!.provenHash).toBe(proof.hash);
		expect(await publishLab(db, lab.id, teacher)).toMatchObject({ kind: 'published' });
	});

	it('rejects a lab whose solution does not reach the goal', async () => {
		const { teacher, lab } = await labWith(
			withStep((s) => s.replaceAll('-p 8080:80 -v', '-p 8081:80 -v'))
		);
		const proof = (await proveLab(db, lab.id, teacher, { client: service().client })) as LabProof;
		expect(proof.ok).toBe(false);
		expect(proof.error).toBe('After the solution, 2 of 3 checks still fail (waited 30 s).');
		expect(proof.checks.filter((c) => !c.pass).map((c) => c.label)).toEqual(['port web', 'http /']);
		expect((await labForInstructor(db, lab.id, teacher))!.provenHash).toBeNull();
		expect(await publishLab(db, lab.id, teacher)).toMatchObject({ kind: 'unproven' });
		expect(await service().client.listSessions(`lab-proof:${teacher.id}`)).toEqual([]);
	});

	it('rejects a lab whose goal is met before the solution', async () => {
		// The only check looks at a starting file: a fresh engine passes it already.
		const { teacher, lab } = await labWith(
			withStep((s) =>
				s.replace(
					/checks:[\s\S]*?hints:/,
					'checks:\n  - type: file\n    path: site/index.html\n    includes: Hello\nhints:'
				)
			)
		);
		const proof = (await proveLab(db, lab.id, teacher, { client: service().client })) as LabProof;
		expect(proof.ok).toBe(false);
		expect(proof.error).toMatch(/^The goal already passes before the solution/);
		expect(proof.checks).toEqual([
			{ label: 'file site/index.html', pass: true, message: expect.any(String) }
		]);
		expect(await publishLab(db, lab.id, teacher)).toMatchObject({ kind: 'unproven' });
	});

	it('rejects a lab whose solution command fails, saying which and what it printed', async () => {
		const { teacher, lab } = await labWith(
			withStep((s) => s.replaceAll('docker run -d --name web', 'docker run -d --name web --bogus'))
		);
		const proof = (await proveLab(db, lab.id, teacher, { client: service().client })) as LabProof;
		expect(proof.ok).toBe(false);
		expect(proof.error).toMatch(/^`docker run -d --name web --bogus .*` exited 125: .*bogus/s);
		expect(await service().client.listSessions(`lab-proof:${teacher.id}`)).toEqual([]);
	});
});
