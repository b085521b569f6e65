import { describe, expect, it } from 'vitest';
import { safeNext } from './sign-in';

describe('safeNext', () => {
	it('keeps paths on this site', () => {
		expect(safeNext('/account')).toBe('/account');
		expect(safeNext('/learn?x=1')).toBe('/learn?x=1');
	});

	it.each([
		null,
		'',
		'https://evil.example',
		'//evil.example',
		'/\\evil.example',
		'javascript:alert(1)'
	])('falls back for %s', (next) => {
		expect(safeNext(next)).toBe('/learn');
	});
});
