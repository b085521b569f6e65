import { describe, expect, it } from 'vitest';
import { checkAssignment } from '$lib/server/assignments';
import { readAssignmentForm } from './assignment-form.server';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.set(k, v);
	return data;
};

describe('reading the assignment form', () => {
	it('reads the dates in the time zone the instructor typed them in', () => {
		const { input, values } = readAssignmentForm(
			form({
				lesson: 'dockerfiles',
				tz: 'America/New_York',
				opensAt: '2030-01-10T09:00',
				dueAt: '2030-01-15T17:00',
				latePolicy: 'penalty',
				latePenaltyPercent: '10'
			})
		);
		expect((input.opensAt as Date).toISOString()).toBe('2030-01-10T14:00:00.000Z');
		expect((input.dueAt as Date).toISOString()).toBe('2030-01-15T22:00:00.000Z');
		// Sent back as instants, for the form to show in the instructor's zone again.
		expect(values.dueAt).toBe('2030-01-15T22:00:00.000Z');
		// Lessons have no attempt-limit field: absent is "no limit", not an empty answer.
		expect(input.attemptLimit).toBeNull();
	});

	it('reads them as UTC when the page’s script did not say the zone', () => {
		for (const tz of [undefined, '', 'Not/A_Zone']) {
			const { input } = readAssignmentForm(
				form({ ...(tz !== undefined && { tz }), opensAt: '2030-01-10T09:00', dueAt: '' })
			);
			expect((input.opensAt as Date).toISOString()).toBe('2030-01-10T09:00:00.000Z');
		}
	});

	it('leaves blank and unreadable dates for checkAssignment to name, and echoes what was typed', () => {
		const { input, values } = readAssignmentForm(
			form({ lesson: 'nope', opensAt: '', dueAt: 'next friday', attemptLimit: '' })
		);
		expect(values.dueAt).toBe('next friday');
		const checked = checkAssignment(input, () => undefined);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.errors.opensAt).toBe('Give the date and time the assignment opens.');
		expect(checked.errors.dueAt).toBe('Give the date and time the assignment is due.');
		expect(checked.errors.latePolicy).toMatch(/^Choose what happens to late work/);
	});
});
