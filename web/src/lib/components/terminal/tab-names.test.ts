import { describe, expect, it } from 'vitest';
import { MAX_TABS, nextTabName, TAB_NAME, tabLabel } from './tab-names';

describe('nextTabName', () => {
	it('starts with main, then counts from 2', () => {
		expect(nextTabName([])).toBe('main');
		expect(nextTabName(['main'])).toBe('2');
		expect(nextTabName(['main', '2'])).toBe('3');
	});

	it('reuses the lowest free name', () => {
		expect(nextTabName(['main', '3'])).toBe('2');
		expect(nextTabName(['2'])).toBe('main');
	});

	it('gives none past the service limit, and only names the service accepts', () => {
		const names: string[] = [];
		for (let name = nextTabName(names); name; name = nextTabName(names)) {
			expect(name).toMatch(TAB_NAME);
			names.push(name);
		}
		expect(names).toHaveLength(MAX_TABS);
	});
});

describe('tabLabel', () => {
	it('labels tabs for people', () => {
		expect(tabLabel('main')).toBe('Terminal');
		expect(tabLabel('3')).toBe('Terminal 3');
	});
});
