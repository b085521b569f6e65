import { describe, expect, it } from 'vitest';
import { completeLines, hasEvents } from './cast';

const header = '{"version":2,"width":80,"height":24}\n';

describe('completeLines', () => {
	it('keeps whole lines and drops one still being written', () => {
		expect(completeLines(`${header}[0.1,"o","a"]\n[0.2,"o","b`)).toBe(`${header}[0.1,"o","a"]\n`);
		expect(completeLines(`${header}[0.1,"o","a"]\n`)).toBe(`${header}[0.1,"o","a"]\n`);
		expect(completeLines('{"version":2')).toBe('');
	});
});

describe('hasEvents', () => {
	it('tells a recording with events from a bare header', () => {
		expect(hasEvents(header)).toBe(false);
		expect(hasEvents('')).toBe(false);
		expect(hasEvents(`${header}[0.1,"o","$ "]\n`)).toBe(true);
	});
});
