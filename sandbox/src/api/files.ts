import path from 'node:path';
import type { EngineDriver, Engine } from '../engine/driver';
import { ApiError, badRequest } from '../errors';

export const HOME = '/root';
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * A path the learner may read or write: inside their home. Relative paths are
 * taken from the home. The real check happens in the engine (below), after
 * symlinks are resolved; this one refuses the obvious escapes early.
 */
export function homePath(raw: string | null): string {
	if (!raw) throw badRequest('path: required (a path inside /root)');
	if (raw.includes('\0')) throw badRequest('path: must not contain NUL');
	const full = path.posix.resolve(HOME, raw);
	if (full !== HOME && !full.startsWith(`${HOME}/`)) {
		throw new ApiError(403, 'outside_home', `path: ${raw} is outside the learner's home (${HOME})`);
	}
	return full;
}

// Run inside the engine. The path arrives as $1, never spliced into the script.
// Exit codes: 3 no such file, 4 resolves outside the home (a symlink), 5 too large.
const READ = `
p=$(realpath -e -- "$1" 2>/dev/null) || exit 3
case "$p" in ${HOME}|${HOME}/*) ;; *) exit 4 ;; esac
if [ -d "$p" ]; then
  printf 'D\\n'
  find "$p" -mindepth 1 -maxdepth 1 -printf '%y %s %f\\n'
else
  [ "$(stat -c %s -- "$p")" -le ${MAX_FILE_BYTES} ] || exit 5
  printf 'F\\n'
  base64 -w0 -- "$p"
fi`;

const WRITE = `
d=$(dirname -- "$1")
mkdir -p -- "$d" 2>/dev/null
r=$(realpath -e -- "$d" 2>/dev/null) || exit 3
t=$(realpath -m -- "$1")
case "$r" in ${HOME}|${HOME}/*) ;; *) exit 4 ;; esac
case "$t" in ${HOME}/*) ;; *) exit 4 ;; esac
[ -d "$t" ] && exit 6
base64 -d > "$t"`;

export type FileEntry = {
	name: string;
	type: 'file' | 'directory' | 'symlink' | 'other';
	size: number;
};
export type ReadResult =
	| { kind: 'directory'; path: string; entries: FileEntry[] }
	| { kind: 'file'; path: string; content: Buffer };

const TYPES: Record<string, FileEntry['type']> = { f: 'file', d: 'directory', l: 'symlink' };

export async function readHomeFile(
	driver: EngineDriver,
	engine: Engine,
	raw: string | null
): Promise<ReadResult> {
	const file = homePath(raw);
	const result = await driver.exec(engine, {
		cmd: ['sh', '-c', READ, 'sh', file],
		timeoutMs: 10_000,
		maxOutputBytes: Math.ceil(MAX_FILE_BYTES * 1.4) + 1024
	});
	failOn(result.exitCode, raw ?? '', result.stderr);
	const [kind, ...rest] = result.stdout.split('\n');
	if (kind === 'D') {
		const entries = rest
			.filter(Boolean)
			.map((line) => {
				const [type, size, ...name] = line.split(' ');
				return { name: name.join(' '), type: TYPES[type!] ?? 'other', size: Number(size) };
			})
			.sort(
				(a, b) =>
					Number(b.type === 'directory') - Number(a.type === 'directory') ||
					a.name.localeCompare(b.name)
			);
		return { kind: 'directory', path: file, entries };
	}
	return { kind: 'file', path: file, content: Buffer.from(rest.join(''), 'base64') };
}

export async function writeHomeFile(
	driver: EngineDriver,
	engine: Engine,
	raw: string | null,
	content: Buffer
): Promise<string> {
	const file = homePath(raw);
	if (file === HOME) throw badRequest('path: must name a file, not the home directory');
	if (content.length > MAX_FILE_BYTES)
		throw new ApiError(413, 'too_large', `A file may have at most ${MAX_FILE_BYTES} bytes`);
	const result = await driver.exec(engine, {
		cmd: ['sh', '-c', WRITE, 'sh', file],
		stdin: content.toString('base64'),
		timeoutMs: 10_000
	});
	failOn(result.exitCode, raw ?? '', result.stderr);
	return file;
}

function failOn(exitCode: number, raw: string, stderr: string): void {
	switch (exitCode) {
		case 0:
			return;
		case 3:
			throw new ApiError(404, 'not_found', `path: ${raw} does not exist`);
		case 4:
			throw new ApiError(
				403,
				'outside_home',
				`path: ${raw} leads outside the learner's home (${HOME})`
			);
		case 5:
			throw new ApiError(413, 'too_large', `path: ${raw} is larger than ${MAX_FILE_BYTES} bytes`);
		case 6:
			throw new ApiError(409, 'is_directory', `path: ${raw} is a directory`);
		default:
			throw new Error(`file operation failed with exit code ${exitCode}: ${stderr.trim()}`);
	}
}
