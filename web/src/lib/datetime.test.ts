import { describe, expect, it } from 'vitest';
import { fromLocalInput, isTimeZone, relativeTime, toLocalInput } from './datetime';

describe('wall times in a time zone', () => {
	it('reads a datetime-local value in the zone it was typed in', () => {
		expect(fromLocalInput('2030-01-15T17:00', 'UTC')?.toISOString()).toBe(
			'2030-01-15T17:00:00.000Z'
		);
		// New York is 5 hours behind UTC in winter, 4 in summer.
		expect(fromLocalInput('2030-01-15T17:00', 'America/New_York')?.toISOString()).toBe(
			'2030-01-15T22:00:00.000Z'
		);
		expect(fromLocalInput('2030-07-15T17:00', 'America/New_York')?.toISOString()).toBe(
			'2030-07-15T21:00:00.000Z'
		);
		expect(fromLocalInput('2030-03-01T00:30', 'Asia/Kolkata')?.toISOString()).toBe(
			'2030-02-28T19:00:00.000Z'
		);
	});

	it('gets the offset of the day itself right when the clocks change', () => {
		// Europe/Paris moved to summer time at 02:00 on 31 March 2030.
		expect(fromLocalInput('2030-03-31T01:30', 'Europe/Paris')?.toISOString()).toBe(
			'2030-03-31T00:30:00.000Z'
		);
		expect(fromLocalInput('2030-03-31T03:30', 'Europe/Paris')?.toISOString()).toBe(
			'2030-03-31T01:30:00.000Z'
		);
	});

	it('refuses what is not a date and time', () => {
		expect(fromLocalInput('', 'UTC')).toBeNull();
		expect(fromLocalInput('tomorrow', 'UTC')).toBeNull();
		expect(fromLocalInput('2030-04-31T10:00', 'UTC')).toBeNull();
		expect(fromLocalInput('2030-04-30T24:00', 'UTC')).toBeNull();
	});

	it('shows an instant as the wall time of a zone, the inverse of reading it', () => {
		expect(toLocalInput('2030-01-15T22:00:00.000Z', 'America/New_York')).toBe('2030-01-15T17:00');
		expect(toLocalInput(new Date('2030-01-15T00:05:00Z'), 'UTC')).toBe('2030-01-15T00:05');
		for (const zone of ['UTC', 'Europe/Paris', 'Australia/Adelaide', 'America/Los_Angeles']) {
			const value = '2030-11-02T08:45';
			expect(toLocalInput(fromLocalInput(value, zone)!, zone)).toBe(value);
		}
	});

	it('knows real time zones from made-up ones', () => {
		expect(isTimeZone('Europe/Paris')).toBe(true);
		expect(isTimeZone('UTC')).toBe(true);
		expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});

describe('relative times', () => {
	const now = new Date('2030-01-15T12:00:00Z');
	it('names the largest unit that fits, in the past and the future', () => {
		expect(relativeTime('2030-01-18T12:00:00Z', now)).toBe('in 3 days');
		expect(relativeTime('2030-01-15T10:00:00Z', now)).toBe('2 hours ago');
		expect(relativeTime('2030-01-16T12:00:00Z', now)).toBe('tomorrow');
		expect(relativeTime('2030-01-15T12:00:20Z', now)).toBe('now');
		expect(relativeTime('2030-03-15T12:00:00Z', now)).toBe('in 2 months');
	});
});
