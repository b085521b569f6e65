import { error } from '@sveltejs/kit';
import { startProof } from '$lib/server/custom-labs';
import { labRequest } from '../../lab-request.server';
import type { RequestHandler } from './$types';

/**
 * Proves the saved draft solvable in a fresh engine. Refused with 409 (and
 * a message naming the lab) while a proof of this lab, or another proof of
 * the same instructor, runs. Otherwise the answer is a stream of JSON lines,
 * so the page can show each stage as it begins:
 *
 *   {"type":"stage","stage":"Running the solution"}
 *   {"type":"done","proof":LabProof}
 *   {"type":"error","message":"…"}
 */
export const POST: RequestHandler = async (event) => {
	const { viewer, db, lab } = await labRequest(event);
	const proof = startProof(db, lab, viewer);
	if ('busy' in proof) error(409, proof.busy);
	const encoder = new TextEncoder();
	// If the instructor leaves, the proof still finishes and is recorded.
	let open = true;
	// start() runs at once, in the constructor: the claim ends when the run does.
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (message: unknown) => {
				if (open) controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
			};
			try {
				const done = await proof.run({ onStage: (stage) => send({ type: 'stage', stage }) });
				send({ type: 'done', proof: done });
			} catch (error) {
				console.error(`berth: proving lab ${lab.id} failed`, error);
				send({ type: 'error', message: 'The proof could not run. Try again in a moment.' });
			}
			if (open) controller.close();
			open = false;
		},
		cancel() {
			open = false;
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' }
	});
};
