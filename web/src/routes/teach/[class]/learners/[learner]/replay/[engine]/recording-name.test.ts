import { describe, expect, it } from 'vitest';
import { isRecordingName, recordingLabel } from './recording-name';

describe('isRecordingName', () => {
	it('accepts the names the sandbox gives recordings', () => {
		for (const name of ['main', '2', 'main.2', 'main.13', 'tab_3', 'my-tab.4'])
			expect(isRecordingName(name), name).toBe(true);
	});

	it('refuses traversal, separators and anything outside [A-Za-z0-9._-]', () => {
		for (const name of [
			'',
			'.',
			'..',
			'../main',
			'main/..',
			'..main',
			'main..2',
			'.main',
			'main.',
			'a/b',
			'a\\b',
			'%2e%2e',
			'main.cast?x=1',
			'main 2',
			'main\n',
			'tab\u0000',
			'é',
			'x'.repeat(65)
		])
			expect(isRecordingName(name), JSON.stringify(name)).toBe(false);
	});
});

describe('recordingLabel', () => {
	it('names the tab, and the part after a restart', () => {
		expect(recordingLabel({ tab: 'main', name: 'main' })).toBe('Terminal');
		expect(recordingLabel({ tab: 'main', name: 'main.2' })).toBe('Terminal, part 2');
		expect(recordingLabel({ tab: '3', name: '3' })).toBe('Terminal 3');
		expect(recordingLabel({ tab: '3', name: '3.4' })).toBe('Terminal 3, part 4');
	});
});
