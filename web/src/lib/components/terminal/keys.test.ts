import { describe, expect, it } from 'vitest';
import { keyAction, type KeyInfo } from './keys';

const key = (k: string, mods: Partial<KeyInfo> = {}): KeyInfo => ({
	type: 'keydown',
	key: k,
	ctrlKey: false,
	metaKey: false,
	shiftKey: false,
	altKey: false,
	...mods
});
const calm = { escaped: false, hasSelection: false };

describe('keyAction', () => {
	it('copies with Ctrl/Cmd+Shift+C, and with Ctrl+C only when something is selected', () => {
		expect(keyAction(key('C', { ctrlKey: true, shiftKey: true }), calm)).toBe('copy');
		expect(keyAction(key('c', { metaKey: true, shiftKey: true }), calm)).toBe('copy');
		expect(keyAction(key('c', { ctrlKey: true }), calm)).toBe('shell');
		expect(keyAction(key('c', { ctrlKey: true }), { ...calm, hasSelection: true })).toBe('copy');
	});

	it('leaves Ctrl/Cmd+Shift+V to the browser, which pastes', () => {
		expect(keyAction(key('V', { ctrlKey: true, shiftKey: true }), calm)).toBe('browser');
		expect(keyAction(key('v', { ctrlKey: true }), calm)).toBe('shell');
	});

	it('gives Tab to the shell, unless it follows Escape', () => {
		expect(keyAction(key('Tab'), calm)).toBe('shell');
		expect(keyAction(key('Tab'), { ...calm, escaped: true })).toBe('browser');
		expect(keyAction(key('Tab', { shiftKey: true }), { ...calm, escaped: true })).toBe('browser');
	});
});
