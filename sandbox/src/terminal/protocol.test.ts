import { describe, expect, it } from 'vitest';
import { closeReason, isTabName, parseControl, parseSize } from './protocol';

describe('parseControl', () => {
	it('accepts a resize with integer dimensions in 1..1000', () => {
		expect(parseControl('{"type":"resize","cols":120,"rows":40}')).toEqual({
			type: 'resize',
			size: { cols: 120, rows: 40 }
		});
		expect(parseControl('{"type":"resize","cols":1,"rows":1000}')).toEqual({
			type: 'resize',
			size: { cols: 1, rows: 1000 }
		});
	});

	it.each([
		['not JSON', 'resize 80 24'],
		['a JSON array', '[1,2]'],
		['null', 'null'],
		['a string', '"resize"'],
		['an unknown type', '{"type":"reboot"}'],
		['zero columns', '{"type":"resize","cols":0,"rows":24}'],
		['too many rows', '{"type":"resize","cols":80,"rows":1001}'],
		['fractions', '{"type":"resize","cols":80.5,"rows":24}'],
		['strings for numbers', '{"type":"resize","cols":"80","rows":"24"}'],
		['a missing dimension', '{"type":"resize","cols":80}'],
		['negative numbers', '{"type":"resize","cols":-80,"rows":24}'],
		[
			'an oversized message',
			JSON.stringify({ type: 'resize', cols: 80, rows: 24, pad: 'x'.repeat(2000) })
		]
	])('rejects %s with an error, without throwing', (_, text) => {
		const result = parseControl(text);
		expect(result).toHaveProperty('error');
		expect(typeof (result as { error: string }).error).toBe('string');
	});
});

describe('parseSize', () => {
	it('returns undefined for anything but integers in range', () => {
		expect(parseSize(80, 24)).toEqual({ cols: 80, rows: 24 });
		expect(parseSize(NaN, 24)).toBeUndefined();
		expect(parseSize(Infinity, 24)).toBeUndefined();
		expect(parseSize(undefined, undefined)).toBeUndefined();
	});
});

describe('isTabName', () => {
	it('accepts 1 to 32 of a-z, 0-9, _ and -', () => {
		expect(isTabName('1')).toBe(true);
		expect(isTabName('main_shell-2')).toBe(true);
		expect(isTabName('a'.repeat(32))).toBe(true);
	});

	it.each(['', 'a'.repeat(33), 'Main', '../etc', 'a.b', 'tab 1', 'é'])('rejects %j', (name) => {
		expect(isTabName(name)).toBe(false);
	});
});

describe('closeReason', () => {
	it('fits a long reason in 123 bytes without splitting a character', () => {
		const reason = closeReason('€'.repeat(100)); // 300 bytes
		expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
		expect(reason).toBe('€'.repeat(41));
		expect(closeReason('idle')).toBe('idle');
	});
});
