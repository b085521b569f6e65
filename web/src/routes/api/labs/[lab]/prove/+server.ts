import { proveLab } from '$lib/server/custom-labs';
import { labRequest } from '../../lab-request.server';
import type { RequestHandler } from './$types';

/**
 * Proves the saved draft solvable in a fresh engine. The answer is a stream
 * of JSON lines, so the page can show each stage as it begins:
 *
 *   {"type":"stage","stage":"Running the solution"}
 *   {"type":"done","proof":LabProof}
 *   {"type":"busy"}                      a proof of this lab is already running
 *   {"type":"error","message":"…"}
 */
export const POST: RequestHandler = async (event) => {
	const { viewer, db, lab } = await labRequest(event);
	const encoder = new TextEncoder();
	// If the instructor leaves, the proof still finishes and is recorded.
	let open = true;
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (message: unknown) => {
				if (open) controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
			};
			try {
				const proof = await proveLab(db, lab.id, viewer, {
					onStage: (stage) => send({ type: 'stage', stage })
				});
				if (proof === 'busy') send({ type: 'busy' });
				else if (proof) send({ type: 'done', proof });
				else send({ type: 'error', message: 'There is no lab of yours here.' });
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
