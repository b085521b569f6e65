import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../web/src/lib/server/db';
import { createGuest, register } from '../../web/src/lib/server/auth/users';
import {
	mergeProgress,
	progressOf,
	recordVerdicts,
	revealSolution,
	startStep,
	useHint
} from '../../web/src/lib/server/progress';
import { backends } from '../helpers/databases';

const verdicts = (...passes: boolean[]) => ({
	pass: passes.every(Boolean),
	checks: passes.map((pass) => ({ pass }))
});

describe.each(backends)('learner progress on $name', (backend) => {
	let handle: DatabaseHandle;
	beforeAll(async () => {
		handle = await backend.open();
	});
	afterAll(async () => {
		await handle?.close();
	});

	it('records starts, first passes, hints, the solution and completion', async () => {
		const { db } = handle;
		const guest = await createGuest(db);
		await startStep(db, guest.id, 'ports', 'publish');
		expect(
			await recordVerdicts(
				db,
				guest.id,
				'ports',
				'publish',
				['publish', 'two'],
				verdicts(true, false)
			)
		).toBe(false);
		let steps = (await progressOf(db, guest.id)).get('ports')!.steps;
		const firstPass = steps.get('publish')!.checksFirstPassed[0];
		expect(firstPass).toMatch(/^\d{4}-/);
		expect(steps.get('publish')!.checksFirstPassed[1]).toBeNull();

		// A later verdict keeps the first pass's time, and completes the step.
		await useHint(db, guest.id, 'ports', 'publish', 2);
		await useHint(db, guest.id, 'ports', 'publish', 1);
		await revealSolution(db, guest.id, 'ports', 'publish');
		expect(
			await recordVerdicts(
				db,
				guest.id,
				'ports',
				'publish',
				['publish', 'two'],
				verdicts(true, true)
			)
		).toBe(true);
		// Failing again later does not undo a completion.
		expect(
			await recordVerdicts(
				db,
				guest.id,
				'ports',
				'publish',
				['publish', 'two'],
				verdicts(false, false)
			)
		).toBe(true);
		const progress = (await progressOf(db, guest.id)).get('ports')!;
		steps = progress.steps;
		expect(steps.get('publish')!.checksFirstPassed[0]).toBe(firstPass);
		expect(steps.get('publish')!.completedAt).toBeInstanceOf(Date);
		expect(steps.get('publish')!.hintsUsed).toBe(2);
		expect(steps.get('publish')!.solutionRevealedAt).toBeInstanceOf(Date);
		expect(progress.lesson.completedAt).toBeNull();

		await startStep(db, guest.id, 'ports', 'two');
		await recordVerdicts(db, guest.id, 'ports', 'two', ['publish', 'two'], verdicts(true));
		const done = (await progressOf(db, guest.id)).get('ports')!;
		expect(done.lesson.completedAt).toBeInstanceOf(Date);
		expect(done.lesson.currentStep).toBe('two');
	});

	it('keeps a guest’s progress when they sign up (the same account)', async () => {
		const { db } = handle;
		const guest = await createGuest(db);
		await startStep(db, guest.id, 'compose', 'up');
		await recordVerdicts(db, guest.id, 'compose', 'up', ['up'], verdicts(true));
		const account = await register(db, {
			email: 'signed-up@example.com',
			password: 'correct horse',
			displayName: '',
			guestId: guest.id
		});
		expect(account.id).toBe(guest.id);
		const kept = (await progressOf(db, account.id)).get('compose')!;
		expect(kept.lesson.completedAt).toBeInstanceOf(Date);
	});

	it('merges a guest’s progress into the account they sign in to', async () => {
		const { db } = handle;
		const account = await register(db, {
			email: 'merge@example.com',
			password: 'correct horse',
			displayName: 'M'
		});
		const guest = await createGuest(db);
		// The account did step one earlier without the second check; the guest did both, and more.
		await startStep(db, account.id, 'volumes', 'one');
		await recordVerdicts(db, account.id, 'volumes', 'one', ['one', 'two'], verdicts(true, false));
		await startStep(db, guest.id, 'volumes', 'one');
		await useHint(db, guest.id, 'volumes', 'one', 3);
		await recordVerdicts(db, guest.id, 'volumes', 'one', ['one', 'two'], verdicts(true, true));
		await startStep(db, guest.id, 'networks', 'first');

		const before = (await progressOf(db, account.id)).get('volumes')!.steps.get('one')!;
		await mergeProgress(db, guest.id, account.id);

		const merged = await progressOf(db, account.id);
		const one = merged.get('volumes')!.steps.get('one')!;
		expect(one.checksFirstPassed[0]).toBe(before.checksFirstPassed[0]);
		expect(one.checksFirstPassed[1]).toMatch(/^\d{4}-/);
		expect(one.completedAt).toBeInstanceOf(Date);
		expect(one.hintsUsed).toBe(3);
		expect(merged.get('networks')!.steps.has('first')).toBe(true);
		expect((await progressOf(db, guest.id)).size).toBe(0);
	});
});
