import { describe, expect, it } from 'vitest';
import { ProofLocks, type ProofBusy, type ProofClaim } from './proof-locks';

const claimed = (result: ProofClaim | ProofBusy) => {
	if ('busy' in result) throw new Error(`refused: ${result.busy}`);
	return result;
};

describe('proof locks', () => {
	it('lets an instructor run one proof at a time, across all their labs', () => {
		const locks = new ProofLocks();
		const first = claimed(locks.claim({ lab: 'a', instructor: 'ada', title: 'Lab: Ports' }));
		expect(locks.claim({ lab: 'b', instructor: 'ada', title: 'Lab: Volumes' })).toEqual({
			busy: 'You already have a proof running for Lab: Ports; wait for it to finish.'
		});
		// Someone else's proof of another lab is theirs to run.
		claimed(locks.claim({ lab: 'c', instructor: 'grace', title: 'Lab: Networks' }));

		first.release();
		claimed(locks.claim({ lab: 'b', instructor: 'ada', title: 'Lab: Volumes' }));
	});

	it('proves each lab once at a time, whoever asks', () => {
		const locks = new ProofLocks();
		const ada = claimed(locks.claim({ lab: 'a', instructor: 'ada', title: 'Lab: Ports' }));
		expect(locks.claim({ lab: 'a', instructor: 'grace', title: 'Lab: Ports' })).toEqual({
			busy: 'Someone else is proving this lab right now; wait for that proof to finish.'
		});
		ada.release();
		claimed(locks.claim({ lab: 'a', instructor: 'grace', title: 'Lab: Ports' }));
	});

	it('releases a claim once: a second release frees nobody else’s proof', () => {
		const locks = new ProofLocks();
		const first = claimed(locks.claim({ lab: 'a', instructor: 'ada', title: 'Lab: Ports' }));
		first.release();
		const second = claimed(locks.claim({ lab: 'a', instructor: 'ada', title: 'Lab: Ports' }));
		first.release();
		expect('busy' in locks.claim({ lab: 'b', instructor: 'ada', title: 'Lab: Volumes' })).toBe(
			true
		);
		second.release();
	});
});
