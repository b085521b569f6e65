/** The terminal service's rule for tab names (sandbox/src/terminal/protocol.ts). */
export const TAB_NAME = /^[a-z0-9_-]{1,32}$/;
/** The service allows 8 tabs per session. */
export const MAX_TABS = 8;

/**
 * The name for a new tab: `main` first, then `2`, `3`, ..., reusing the
 * lowest free one. The service keeps a tab's shell after the browser lets go
 * of it and counts it against the limit, so names are recycled rather than
 * minted afresh: reopening "2" brings that shell back.
 */
export function nextTabName(open: readonly string[]): string | null {
	if (!open.includes('main')) return 'main';
	for (let n = 2; n <= MAX_TABS; n++) if (!open.includes(String(n))) return String(n);
	return null;
}

/** A tab's label for people: `main` is "Terminal", others "Terminal 2"... */
export function tabLabel(name: string): string {
	return name === 'main' ? 'Terminal' : `Terminal ${name}`;
}
