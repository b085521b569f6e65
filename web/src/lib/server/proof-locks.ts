/**
 * Which lab proofs are running in this process. A proof holds a fresh engine
 * for up to a minute or so, so each lab is proven once at a time, and each
 * instructor runs one proof at a time across all their labs: enough to work
 * with, and a bound on the engines one person can hold.
 */

/** Why a proof cannot start now, in words for the instructor. */
export interface ProofBusy {
	busy: string;
}

/** A proof's hold on its lab and instructor: released once, when the proof ends. */
export interface ProofClaim {
	release(): void;
}

export class ProofLocks {
	readonly #labs = new Set<string>();
	/** Instructor id → the title of the lab they are proving. */
	readonly #instructors = new Map<string, string>();

	/** Claims a proof of `lab` by `instructor`, or says why not: one of theirs, or of this lab, runs. */
	claim(proof: { lab: string; instructor: string; title: string }): ProofClaim | ProofBusy {
		const running = this.#instructors.get(proof.instructor);
		if (running !== undefined)
			return { busy: `You already have a proof running for ${running}; wait for it to finish.` };
		if (this.#labs.has(proof.lab))
			return { busy: 'Someone else is proving this lab right now; wait for that proof to finish.' };
		this.#labs.add(proof.lab);
		this.#instructors.set(proof.instructor, proof.title);
		let held = true;
		return {
			release: () => {
				if (!held) return;
				held = false;
				this.#labs.delete(proof.lab);
				this.#instructors.delete(proof.instructor);
			}
		};
	}
}
