import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A `use:enhance` callback that tracks a busy flag and shows a clear message
 * when the server refuses the request outright (a 413 from the body-size limit
 * in front of the app, a lost connection) instead of an error page.
 */
export function submitting(state: { busy: boolean; problem: string | null }): SubmitFunction {
	return () => {
		state.busy = true;
		state.problem = null;
		return async ({ result, update }) => {
			state.busy = false;
			if (result.type === 'error') {
				state.problem =
					result.status === 413
						? 'That form was too large to accept. Check what you pasted into it.'
						: 'Berth could not process that just now. Please try again.';
				return;
			}
			await update();
		};
	};
}

/**
 * What a form action sent back, in one shape for every form: the values to
 * show again, a message per field, and a message for the whole form.
 */
export interface Feedback {
	values: Record<string, string>;
	errors: Record<string, string | undefined>;
	message: string | null;
}

export function feedback(form: unknown, problem: string | null = null): Feedback {
	const data = (form ?? {}) as Partial<Feedback>;
	return {
		values: data.values ?? {},
		errors: data.errors ?? {},
		message: problem ?? data.message ?? null
	};
}
