/**
 * The names the sandbox gives recordings: a tab's name (`main`, `2`), and
 * `main.2`, `main.3`, ... for the same tab opened again after a restart of
 * the service. Anything else is refused before it reaches the sandbox's URL:
 * only letters, digits, `_` and `-` in dot-separated parts, so no `..`, no
 * `/`, no leading or trailing dot.
 */
const RECORDING_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

export function isRecordingName(name: string): boolean {
	return name.length <= 64 && RECORDING_NAME.test(name);
}

/** A recording's label for people: "Terminal 2", and "Terminal 2, part 3" after restarts. */
export function recordingLabel(recording: { tab: string; name: string }): string {
	const tab = recording.tab === 'main' ? 'Terminal' : `Terminal ${recording.tab}`;
	const part = /\.(\d+)$/.exec(recording.name)?.[1];
	return part ? `${tab}, part ${part}` : tab;
}
