import type { AssignmentInput } from '$lib/server/assignments';
import { fromLocalInput, isTimeZone } from '$lib/datetime';

/** Longest value of any one field sent back to the form; anything longer is not a real answer. */
const FIELD_MAX = 100;

/**
 * An assignment form, as checkAssignment takes it. The dates arrive as
 * wall times from datetime-local inputs, with the instructor's time zone in
 * `tz` (set by the page's script; without it, they are read as UTC, which the
 * form then says). `values` is what to show again if something is wrong: a
 * date that was understood goes back as an instant, so the form can show it
 * in the instructor's zone; anything else as typed.
 */
export function readAssignmentForm(form: FormData): {
	input: AssignmentInput;
	values: Record<string, string>;
} {
	const text = (name: string) => String(form.get(name) ?? '').slice(0, FIELD_MAX);
	const tz = text('tz');
	const zone = isTimeZone(tz) ? tz : 'UTC';
	const instant = (name: string) => {
		const raw = text(name).trim();
		const at = fromLocalInput(raw, zone);
		// Blank stays blank ("give the date"); anything unreadable becomes an invalid date.
		return { raw, value: at ?? (raw === '' ? '' : 'not a date') };
	};
	const opensAt = instant('opensAt');
	const dueAt = instant('dueAt');
	const input: AssignmentInput = {
		lesson: text('lesson'),
		opensAt: opensAt.value,
		dueAt: dueAt.value,
		// Absent for lessons: the form shows the field for labs only.
		attemptLimit: form.has('attemptLimit') ? text('attemptLimit') : null,
		latePolicy: text('latePolicy'),
		latePenaltyPercent: text('latePenaltyPercent')
	};
	const shown = (d: { raw: string; value: string | Date }) =>
		d.value instanceof Date ? d.value.toISOString() : d.raw;
	return {
		input,
		values: {
			lesson: input.lesson,
			opensAt: shown(opensAt),
			dueAt: shown(dueAt),
			attemptLimit: text('attemptLimit'),
			latePolicy: input.latePolicy,
			latePenaltyPercent: text('latePenaltyPercent')
		}
	};
}
