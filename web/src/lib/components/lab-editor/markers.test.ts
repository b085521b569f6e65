import { describe, expect, it } from 'vitest';
import { markersFor, placeOf, sortPaths } from './markers';

describe('lab editor markers', () => {
	const lengths = [3, 20, 5];

	it('underlines the whole line of each problem in the file', () => {
		const problems = [
			{ file: 'steps/01-goal.md', line: 2, message: 'checks[0].port: expected number' },
			{ file: 'index.md', line: 1, message: 'elsewhere' }
		];
		expect(markersFor(problems, 'steps/01-goal.md', lengths)).toEqual([
			{
				startLineNumber: 2,
				startColumn: 1,
				endLineNumber: 2,
				endColumn: 21,
				message: 'checks[0].port: expected number'
			}
		]);
	});

	it('puts a problem without a line, or past the end, on a line that exists', () => {
		const problems = [
			{ file: 'index.md', message: 'level: missing' },
			{ file: 'index.md', line: 40, message: 'past the end' }
		];
		expect(markersFor(problems, 'index.md', lengths).map((m) => m.startLineNumber)).toEqual([1, 3]);
		// An empty file still gets a visible marker.
		expect(markersFor(problems, 'index.md', [])[0]).toMatchObject({
			startLineNumber: 1,
			endColumn: 2
		});
	});

	it('names where a problem is, and orders files as a lab reads', () => {
		expect(placeOf({ file: 'steps/01-goal.md', line: 6, message: '' })).toBe('steps/01-goal.md:6');
		expect(placeOf({ file: 'steps', message: '' })).toBe('steps');
		expect(placeOf({ file: '', message: '' })).toBe('the lab');
		expect(sortPaths(['files/b', 'steps/01-goal.md', 'files/a', 'index.md'])).toEqual([
			'index.md',
			'steps/01-goal.md',
			'files/a',
			'files/b'
		]);
	});
});
