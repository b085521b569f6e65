import { describe, expect, it } from 'vitest';
import { cssColorToHex } from './site-theme';

describe('cssColorToHex', () => {
	it('converts computed rgb() and rgba() colours', () => {
		expect(cssColorToHex('rgb(20, 32, 36)')).toBe('#142024');
		expect(cssColorToHex('rgb(255 255 255)')).toBe('#ffffff');
		expect(cssColorToHex('rgba(0, 0, 0, 0.5)')).toBe('#00000080');
		expect(cssColorToHex('rgba(1, 2, 3, 1)')).toBe('#010203');
	});

	it('passes hex through and refuses what it cannot read', () => {
		expect(cssColorToHex('#0f6b73')).toBe('#0f6b73');
		expect(cssColorToHex('light-dark(#fff, #000)')).toBeNull();
		expect(cssColorToHex('')).toBeNull();
	});
});
