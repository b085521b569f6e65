/**
 * Keyboard rules of the terminal that the shell does not get to see. Returns
 * what to do with a keydown; 'shell' lets xterm handle it as usual.
 *
 * - Ctrl/Cmd+Shift+C copies the selection, and Ctrl+C with a selection does
 *   too (with nothing selected, Ctrl+C interrupts as it should).
 * - Ctrl/Cmd+Shift+V is left to the browser, which pastes (xterm reads the
 *   paste event).
 * - Escape then Tab (or Shift+Tab) moves focus out of the terminal, the way
 *   CodeMirror does: Tab alone completes in the shell, so a keyboard user
 *   needs some way out that does not take Tab from the shell.
 */
export type KeyAction = 'shell' | 'copy' | 'browser';

export interface KeyInfo {
	type: string;
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	shiftKey: boolean;
	altKey: boolean;
}

export function keyAction(
	event: KeyInfo,
	state: { escaped: boolean; hasSelection: boolean }
): KeyAction {
	const mod = event.ctrlKey || event.metaKey;
	const key = event.key.toLowerCase();
	if (mod && event.shiftKey && key === 'c') return 'copy';
	if (mod && event.shiftKey && key === 'v') return 'browser';
	if (event.ctrlKey && !event.shiftKey && key === 'c' && state.hasSelection) return 'copy';
	if (key === 'tab' && state.escaped && !mod && !event.altKey) return 'browser';
	return 'shell';
}
