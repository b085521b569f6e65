import type { LabProblem, LabProof } from '../../lab-files';

/**
 * The lab editor's calls to /api/labs/<id>/…, each failing with the
 * server's own message (it says what to do).
 */

export interface LabStatus {
	proven: boolean;
	publishedAt: string | null;
	changedSincePublished: boolean;
}

export class LabApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** Where to fix what kept the request from working, e.g. the assignment to delete first. */
		readonly fixAt?: string
	) {
		super(message);
		this.name = 'LabApiError';
	}
}

async function call<T>(url: string, init: RequestInit, okStatuses: number[] = []): Promise<T> {
	let res: Response;
	try {
		res = await fetch(url, init);
	} catch {
		throw new LabApiError(0, 'Berth could not be reached. Check your connection and try again.');
	}
	if (!res.ok && !okStatuses.includes(res.status)) {
		const body = await res.json().catch(() => ({}));
		throw new LabApiError(
			res.status,
			body.message ?? `The server answered ${res.status}.`,
			body.assignment?.url
		);
	}
	return res.json();
}

const jsonBody = (files: Record<string, string>) => ({
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify({ files })
});

/** Saves the draft; `saved: false` (with the problems) when a name or size is refused. */
export const saveDraft = (lab: string, files: Record<string, string>) =>
	call<{ saved: boolean; problems: LabProblem[] } & LabStatus>(
		`/api/labs/${lab}`,
		{ method: 'PUT', ...jsonBody(files) },
		[422]
	);

export const validateDraft = async (lab: string, files: Record<string, string>) =>
	(
		await call<{ problems: LabProblem[] }>(`/api/labs/${lab}/validate`, {
			method: 'POST',
			...jsonBody(files)
		})
	).problems;

export const publishDraft = (lab: string) =>
	call<{ publishedAt: string; slug: string }>(`/api/labs/${lab}/publish`, { method: 'POST' });

/** Takes the lab from the class's learners; refused (with the assignment) while it is assigned. */
export const unpublishLab = (lab: string) =>
	call<{ unpublished: true }>(`/api/labs/${lab}/unpublish`, { method: 'POST' });

/** Deletes the lab; refused (with the assignment) while it is assigned. */
export const deleteLab = (lab: string) =>
	call<{ title: string; wasPublished: boolean }>(`/api/labs/${lab}`, { method: 'DELETE' });

export const tryDraft = (lab: string) =>
	call<{ url: string }>(`/api/labs/${lab}/try`, { method: 'POST' });

/** Proves the saved draft solvable, telling `onStage` each stage as the server reaches it. */
export async function proveDraft(lab: string, onStage: (stage: string) => void): Promise<LabProof> {
	let res: Response;
	try {
		res = await fetch(`/api/labs/${lab}/prove`, { method: 'POST' });
	} catch {
		throw new LabApiError(0, 'Berth could not be reached. Check your connection and try again.');
	}
	if (!res.ok || !res.body) {
		const body = await res.json().catch(() => ({}));
		throw new LabApiError(res.status, body.message ?? `The server answered ${res.status}.`);
	}
	const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
	let buffered = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		buffered += value;
		let newline;
		while ((newline = buffered.indexOf('\n')) >= 0) {
			const message = JSON.parse(buffered.slice(0, newline));
			buffered = buffered.slice(newline + 1);
			if (message.type === 'stage') onStage(message.stage);
			else if (message.type === 'done') return message.proof;
			else throw new LabApiError(500, message.message ?? 'The proof could not run.');
		}
	}
	throw new LabApiError(0, 'The connection closed before the proof finished. Reload to see it.');
}
