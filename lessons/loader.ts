import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { codeBlocks } from './markdown';
import {
	homePath,
	lessonMeta,
	stepMeta,
	type Lesson,
	type StartingFile,
	type Step
} from './schema';

/** A bad lesson file: which file, which field, and what is wrong with it. */
export class LessonError extends Error {
	constructor(
		/** The file at fault, relative to the content folder. */
		readonly file: string,
		/** The field at fault, e.g. `checks[0].port`, or '' for the file itself. */
		readonly field: string,
		readonly problem: string,
		/** The line in the file, when known. */
		readonly line?: number
	) {
		super(`${file}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${problem}`);
		this.name = 'LessonError';
	}
}

/**
 * Where a lesson's files come from: a content folder on disk, or files held
 * in memory (a lab written in the browser). Paths are relative to the content
 * folder and use `/`, e.g. `04-dockerfiles/steps/01-write.md`.
 */
interface LessonSource {
	/** The entries of a folder, or null when there is no such folder. */
	entries(dir: string): { name: string; kind: 'file' | 'directory' | 'other' }[] | null;
	/** A file's size in bytes and whether it is executable. */
	stat(file: string): { size: number; executable: boolean };
	/** A file's content, or null when there is no such file. */
	read(file: string): Buffer | null;
}

function diskSource(contentDir: string): LessonSource {
	const full = (p: string) => path.join(contentDir, ...p.split('/'));
	return {
		entries(dir) {
			if (!isDirectory(full(dir))) return null;
			return readdirSync(full(dir), { withFileTypes: true }).map((d) => ({
				name: d.name,
				kind: d.isDirectory() ? 'directory' : d.isFile() ? 'file' : 'other'
			}));
		},
		stat(file) {
			const stat = statSync(full(file));
			return { size: stat.size, executable: (stat.mode & 0o111) !== 0 };
		},
		read(file) {
			try {
				return readFileSync(full(file));
			} catch {
				return null;
			}
		}
	};
}

/** Files in memory, by path relative to the lesson's folder (`index.md`, `steps/01-goal.md`, …). */
function memorySource(folder: string, files: Record<string, string>): LessonSource {
	const byPath = new Map(Object.entries(files).map(([p, text]) => [`${folder}/${p}`, text]));
	return {
		entries(dir) {
			const prefix = `${dir}/`;
			const found = new Map<string, 'file' | 'directory'>();
			for (const p of byPath.keys()) {
				if (!p.startsWith(prefix)) continue;
				const [name, ...rest] = p.slice(prefix.length).split('/');
				found.set(name!, rest.length > 0 ? 'directory' : 'file');
			}
			if (found.size === 0) return null;
			return [...found].map(([name, kind]) => ({ name, kind }));
		},
		stat(file) {
			return { size: Buffer.byteLength(byPath.get(file) ?? ''), executable: false };
		},
		read(file) {
			const text = byPath.get(file);
			return text === undefined ? null : Buffer.from(text);
		}
	};
}

const FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const STEP_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const MAX_FILE_BYTES = 512 * 1024;
const MAX_LESSON_BYTES = 4 * 1024 * 1024;

/**
 * Loads every lesson under `contentDir` (folders named like `04-dockerfiles`),
 * in order. Throws a LessonError for the first bad lesson: its file, the
 * field at fault and what is wrong.
 */
export function loadLessons(contentDir: string): Lesson[] {
	const folders = readdirSync(contentDir, { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.map((d) => d.name)
		.sort();
	const lessons = folders.map((folder) => loadLesson(contentDir, folder));
	const seen = new Map<string, string>();
	for (const lesson of lessons) {
		const other = seen.get(lesson.slug) ?? seen.get(String(lesson.order));
		if (other)
			throw new LessonError(lesson.dir, '', `its number or name is already used by ${other}`);
		seen.set(lesson.slug, lesson.dir).set(String(lesson.order), lesson.dir);
	}
	return lessons;
}

/** Loads and validates one lesson folder under `contentDir`, e.g. `04-dockerfiles`. */
export function loadLesson(contentDir: string, folder: string): Lesson {
	return readLesson(diskSource(contentDir), folder);
}

/**
 * Loads and validates a lesson held in memory (a lab written in the browser)
 * exactly as loadLesson does a folder: `files` maps paths relative to the
 * lesson's folder (`index.md`, `steps/01-goal.md`, `files/site/index.html`)
 * to their text. Errors name files as `<folder>/<path>`.
 */
export function loadLessonFromFiles(folder: string, files: Record<string, string>): Lesson {
	return readLesson(memorySource(folder, files), folder);
}

function readLesson(source: LessonSource, folder: string): Lesson {
	const match = FOLDER.exec(folder);
	if (!match) throw new LessonError(folder, '', 'a lesson folder is named like `04-dockerfiles`');
	for (const entry of source.entries(folder) ?? []) {
		if (!['index.md', 'steps', 'files'].includes(entry.name))
			throw new LessonError(
				`${folder}/${entry.name}`,
				'',
				'a lesson folder holds only index.md, steps/ and files/'
			);
	}
	const indexFile = `${folder}/index.md`;
	const index = readMarkdown(source, indexFile, lessonMeta);
	const files = readStartingFiles(source, folder);
	const steps = readSteps(source, folder);
	if (index.meta.kind === 'lab' && steps.length !== 1)
		throw new LessonError(
			`${folder}/steps`,
			'',
			`a lab has exactly one step (its goal), not ${steps.length}`
		);

	// Files a step opens must be there by then: starting files, or ones an
	// earlier step's solution writes.
	const known = new Set(files.map((f) => f.path));
	for (const step of steps) {
		for (const [i, file] of step.open.entries()) {
			if (!known.has(file) && !(file in step.solution.files))
				throw new LessonError(
					step.file,
					`open[${i}]`,
					`~/${file} is neither a starting file nor written by a solution so far`
				);
		}
		for (const file of Object.keys(step.solution.files)) known.add(file);
	}

	return {
		...index.meta,
		slug: match[2]!,
		order: Number(match[1]),
		body: index.body,
		steps,
		files,
		dir: folder
	};
}

function readSteps(source: LessonSource, folder: string): Step[] {
	const entries = source.entries(`${folder}/steps`);
	if (!entries)
		throw new LessonError(`${folder}/steps`, '', 'missing: every lesson has a steps/ folder');
	const names = entries.map((e) => e.name).sort();
	if (names.length === 0)
		throw new LessonError(`${folder}/steps`, '', 'empty: a lesson needs at least one step');
	const numbers = new Set<string>();
	return names.map((name) => {
		const file = `${folder}/steps/${name}`;
		const match = STEP_FILE.exec(name);
		if (!match) throw new LessonError(file, '', 'a step file is named like `02-publish-a-port.md`');
		if (numbers.has(match[1]!))
			throw new LessonError(file, '', `another step already has the number ${match[1]}`);
		numbers.add(match[1]!);
		const { meta, body } = readMarkdown(source, file, stepMeta);
		if (!body.trim())
			throw new LessonError(file, '', 'the step has no prose after its frontmatter');
		return { ...meta, id: match[2]!, body, file };
	});
}

function readStartingFiles(source: LessonSource, folder: string): StartingFile[] {
	const root = `${folder}/files`;
	const files: StartingFile[] = [];
	let total = 0;
	const walk = (relativeDir: string) => {
		for (const entry of source.entries(`${root}${relativeDir}`) ?? []) {
			const relative = `${relativeDir}/${entry.name}`.slice(1);
			const shown = `${root}/${relative}`;
			if (entry.kind === 'directory') walk(`/${relative}`);
			else if (entry.kind === 'file') {
				const stat = source.stat(shown);
				if (stat.size > MAX_FILE_BYTES)
					throw new LessonError(shown, '', `too large (${stat.size} bytes; at most 512 KiB)`);
				total += stat.size;
				if (total > MAX_LESSON_BYTES)
					throw new LessonError(shown, '', 'the starting files add up to more than 4 MiB');
				files.push({ path: relative, content: source.read(shown)!, executable: stat.executable });
			} else throw new LessonError(shown, '', 'only plain files and folders may be starting files');
		}
	};
	walk('');
	return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Splits `---\nyaml\n---\nmarkdown`, validates the YAML, and checks the prose's code blocks. */
function readMarkdown<S extends z.ZodType>(
	source: LessonSource,
	file: string,
	schema: S
): { meta: z.infer<S>; body: string } {
	const bytes = source.read(file);
	if (!bytes) throw new LessonError(file, '', 'missing');
	const text = bytes.toString('utf8');
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
	if (!match)
		throw new LessonError(file, '', 'must begin with YAML frontmatter between two `---` lines');
	const [, yamlText, body] = match as unknown as [string, string, string];
	const lines = new LineCounter();
	const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false });
	if (doc.errors.length > 0) {
		const error = doc.errors[0]!;
		const line = lines.linePos(error.pos[0]).line + 1;
		throw new LessonError(file, '', `invalid YAML: ${error.message.split('\n')[0]}`, line);
	}
	const parsed = schema.safeParse(doc.toJS() ?? {});
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const where = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
		const node = doc.getIn(where, true) as { range?: [number, number, number] } | undefined;
		const line = node?.range ? lines.linePos(node.range[0]).line + 1 : undefined;
		const problem = doc.hasIn(where) || where.length === 0 ? describeIssue(issue) : 'missing';
		throw new LessonError(file, fieldName(where), problem, line);
	}
	for (const block of codeBlocks(body)) {
		if (block.file !== undefined && !homePath.safeParse(block.file).success)
			throw new LessonError(
				file,
				'',
				`code block \`file=${block.file}\`: must be a path relative to the learner’s home`,
				block.line + (yamlText.split('\n').length + 2)
			);
	}
	return { meta: parsed.data, body };
}

/** `['checks', 0, 'port']` → `checks[0].port`. */
function fieldName(where: (string | number)[]): string {
	return where
		.map((p, i) => {
			if (typeof p === 'number') return `[${p}]`;
			if (!/^[A-Za-z_][\w-]*$/.test(p)) return `[${JSON.stringify(p)}]`;
			return i === 0 ? p : `.${p}`;
		})
		.join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
	if (issue.code === 'unrecognized_keys')
		return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
	if (
		issue.code === 'invalid_union' &&
		'note' in issue &&
		issue.note === 'No matching discriminator'
	)
		return 'unknown check type; see docs/authoring.md for the kinds of check';
	return issue.message;
}

function isDirectory(p: string): boolean {
	try {
		return statSync(p).isDirectory();
	} catch {
		return false;
	}
}
