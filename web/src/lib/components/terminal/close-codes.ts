/**
 * What a closed terminal socket means for the learner, by close code
 * (docs/sandbox-api.md, sandbox/src/terminal/hub.ts, and the site's relay).
 */
export type CloseOutcome =
	/** Try again after a pause: the network, the site or the service had a hiccup. */
	| { kind: 'reconnect' }
	/** The shell exited; a new one starts when the learner asks. */
	| { kind: 'exited' }
	/** The whole session is over: a new one is needed. */
	| { kind: 'ended'; message: string }
	/** The engine is gone: a new session is needed. */
	| { kind: 'engine-lost'; message: string }
	/** This tab cannot work; retrying would not help. */
	| { kind: 'failed'; message: string };

export function closeOutcome(code: number, reason = ''): CloseOutcome {
	switch (code) {
		case 1000:
			return { kind: 'exited' };
		case 4000:
			return {
				kind: 'ended',
				message: reason ? `Your session ended (${reason}).` : 'Your session ended.'
			};
		case 4004:
			return {
				kind: 'engine-lost',
				message: 'Your Docker engine is no longer available.'
			};
		case 4008:
			return {
				kind: 'failed',
				message: 'Too many terminal tabs are open in this session. Close one and try again.'
			};
		case 4400:
			return { kind: 'failed', message: 'This tab has a name the terminal service refused.' };
		// 1001 service restarting, 1006 dropped, 1011 sandbox unavailable, 4009 too slow:
		// all pass, and the server replays the screen on the next attach.
		default:
			return { kind: 'reconnect' };
	}
}
