/**
 * The files of a lab written in the browser, as a content/ folder would hold
 * them: `index.md`, one `steps/01-<name>.md`, and starting files under
 * `files/`. Shared by the lab editor (to refuse a bad name at once) and the
 * server (which refuses it for good).
 */

export const LAB_MAX_FILES = 50;
/** All of a lab's source together, in bytes (UTF-8). */
export const LAB_MAX_BYTES = 1024 * 1024;

const STEP_PATH = /^steps\/01-[a-z0-9]+(?:-[a-z0-9]+)*\.md$/;

/** A problem with a lab's source: the file (relative to the lab), the line if known, and what is wrong. */
export interface LabProblem {
	/** e.g. `steps/01-serve-the-site.md`; '' for the lab as a whole. */
	file: string;
	line?: number;
	message: string;
}

/** One check's verdict in a proof run. */
export interface ProofCheck {
	/** The check's kind and what it names, e.g. "container web". */
	label: string;
	pass: boolean;
	message: string;
}

/** What proving a draft found: run in a fresh engine, as the test suite proves content/. */
export interface LabProof {
	/** The hash of the draft that was run (see draftHash on the server). */
	hash: string;
	ok: boolean;
	/** The goal's checks after the solution; before it, when the goal already passed. */
	checks: ProofCheck[];
	durationMs: number;
	/** Why it is not solvable, when it is not. */
	error: string | null;
	provedAt: string;
}

/** A message for a path that has no place in a lab, or undefined when it is fine. */
export function checkLabPath(path: string): string | undefined {
	if (path === 'index.md') return undefined;
	if (path.startsWith('steps/')) {
		return STEP_PATH.test(path)
			? undefined
			: 'a lab has one step file, named like `steps/01-the-goal.md` (lower-case words and dashes)';
	}
	if (path.startsWith('files/')) {
		const inHome = path.slice('files/'.length);
		if (inHome.length === 0 || inHome.length > 200)
			return 'a starting file’s path has 1 to 200 characters after `files/`';
		// eslint-disable-next-line no-control-regex
		if (/[\u0000-\u001f\u007f\\]/.test(inHome))
			return 'a starting file’s path cannot hold control characters or backslashes';
		if (inHome.split('/').some((part) => part === '' || part === '.' || part === '..'))
			return 'a starting file’s path is relative, without `.`, `..` or empty parts';
		return undefined;
	}
	return 'only index.md, steps/01-<name>.md and files/<path> belong in a lab';
}

/** Everything wrong with a lab's list of files (names, count, size), before reading them. */
export function checkLabFiles(files: Record<string, unknown>): LabProblem[] {
	const problems: LabProblem[] = [];
	const paths = Object.keys(files);
	if (paths.length > LAB_MAX_FILES)
		return [{ file: '', message: `a lab has at most ${LAB_MAX_FILES} files` }];
	let bytes = 0;
	for (const path of paths) {
		const text = files[path];
		// The database keeps text (jsonb), which cannot hold a NUL character.
		if (typeof text !== 'string' || text.includes('\u0000')) {
			problems.push({ file: path, message: 'a file’s content must be text' });
			continue;
		}
		bytes += new TextEncoder().encode(text).byteLength + path.length;
		const wrong = checkLabPath(path);
		if (wrong) problems.push({ file: path, message: wrong });
		else if (paths.some((other) => other.startsWith(`${path}/`)))
			problems.push({ file: path, message: `${path} cannot be both a file and a folder` });
	}
	if (bytes > LAB_MAX_BYTES)
		problems.push({ file: '', message: 'a lab’s files add up to more than 1 MiB' });
	const steps = paths.filter((p) => p.startsWith('steps/'));
	if (steps.length > 1)
		problems.push({ file: steps[1]!, message: 'a lab has exactly one step file' });
	return problems;
}
