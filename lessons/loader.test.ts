import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LessonError, loadLessonFromFiles, loadLessons } from './loader';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

const INDEX = `---
title: Ports
summary: Publish a port.
level: beginner
minutes: 5
---
Intro.
`;
const STEP = `---
title: Publish
checks:
  - type: port
    name: web
    containerPort: 80
hints: [Use -p.]
solution:
  commands: [docker run -d --name web -p 8080:80 nginx]
---
Run it.

\`\`\`sh run
docker run -d --name web -p 8080:80 nginx
\`\`\`
`;

/** Writes a content folder from { 'path': 'text' } and loads it. */
function load(files: Record<string, string>) {
	root = mkdtempSync(path.join(os.tmpdir(), 'berth-content-'));
	for (const [file, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		writeFileSync(path.join(root, file), text);
	}
	return loadLessons(root);
}

function failure(files: Record<string, string>): LessonError {
	try {
		load(files);
	} catch (error) {
		if (error instanceof LessonError) return error;
		throw error;
	}
	throw new Error('the lesson loaded');
}

describe('loading lessons', () => {
	it('loads a lesson: its steps, starting files and defaults', () => {
		const [lesson] = load({
			'02-ports/index.md': INDEX,
			'02-ports/steps/01-publish.md': STEP,
			'02-ports/files/site/index.html': '<h1>hi</h1>'
		});
		expect(lesson).toMatchObject({ slug: 'ports', order: 2, kind: 'lesson', title: 'Ports' });
		expect(lesson!.steps.map((s) => [s.id, s.file])).toEqual([
			['publish', '02-ports/steps/01-publish.md']
		]);
		expect(lesson!.steps[0]!.checks[0]).toEqual({ type: 'port', name: 'web', containerPort: 80 });
		expect(lesson!.files.map((f) => [f.path, f.content.toString()])).toEqual([
			['site/index.html', '<h1>hi</h1>']
		]);
	});

	it('names the file, the field and the line of a bad check', () => {
		const error = failure({
			'02-ports/index.md': INDEX,
			'02-ports/steps/01-publish.md': STEP.replace('containerPort: 80', 'containerPort: eighty')
		});
		expect(error.file).toBe('02-ports/steps/01-publish.md');
		expect(error.field).toBe('checks[0].containerPort');
		expect(error.line).toBe(6);
		expect(error.message).toMatch(
			/^02-ports\/steps\/01-publish\.md:6: checks\[0\]\.containerPort: /
		);
	});

	it('names unknown fields and check types, and missing ones', () => {
		expect(
			failure({
				'02-ports/index.md': INDEX,
				'02-ports/steps/01-publish.md': STEP.replace(
					'containerPort: 80',
					'containerPort: 80\n    hostport: 8080'
				)
			}).message
		).toBe('02-ports/steps/01-publish.md:4: checks[0]: unknown field `hostport`');
		expect(
			failure({
				'02-ports/index.md': INDEX,
				'02-ports/steps/01-publish.md': STEP.replace('type: port', 'type: teleport')
			}).field
		).toBe('checks[0].type');
		expect(
			failure({
				'02-ports/index.md': INDEX.replace('level: beginner\n', ''),
				'02-ports/steps/01-publish.md': STEP
			}).message
		).toBe('02-ports/index.md: level: missing');
	});

	it('rejects broken YAML, missing frontmatter and misnamed files', () => {
		expect(
			failure({
				'02-ports/index.md': INDEX.replace('minutes: 5', 'minutes: [5'),
				'02-ports/steps/01-publish.md': STEP
			}).message
		).toMatch(/^02-ports\/index\.md:\d+: invalid YAML/);
		expect(
			failure({ '02-ports/index.md': 'Just prose.', '02-ports/steps/01-publish.md': STEP }).message
		).toBe('02-ports/index.md: must begin with YAML frontmatter between two `---` lines');
		expect(failure({ '02-ports/index.md': INDEX, '02-ports/steps/publish.md': STEP }).file).toBe(
			'02-ports/steps/publish.md'
		);
		expect(failure({ 'ports/index.md': INDEX }).message).toBe(
			'ports: a lesson folder is named like `04-dockerfiles`'
		);
		expect(
			failure({ '02-ports/index.md': INDEX, '02-ports/step/01-publish.md': STEP }).message
		).toBe('02-ports/step: a lesson folder holds only index.md, steps/ and files/');
	});

	it('rejects paths outside the learner’s home', () => {
		const error = failure({
			'02-ports/index.md': INDEX,
			'02-ports/steps/01-publish.md': STEP.replace(
				'solution:\n',
				'solution:\n  files:\n    ../etc/passwd: x\n'
			)
		});
		expect(error.field).toBe('solution.files["../etc/passwd"]');
		expect(
			failure({
				'02-ports/index.md': INDEX,
				'02-ports/steps/01-publish.md': STEP.replace('```sh run', '```sh file=/etc/passwd')
			}).message
		).toMatch(/code block `file=\/etc\/passwd`: must be a path relative/);
	});

	it('wants a lab to have exactly one step, and files to exist before a step opens them', () => {
		expect(
			failure({
				'11-lab/index.md': INDEX.replace('level:', 'kind: lab\nlevel:'),
				'11-lab/steps/01-a.md': STEP,
				'11-lab/steps/02-b.md': STEP
			}).message
		).toBe('11-lab/steps: a lab has exactly one step (its goal), not 2');
		expect(
			failure({
				'02-ports/index.md': INDEX,
				'02-ports/steps/01-publish.md': STEP.replace('hints:', 'open: [site/Dockerfile]\nhints:')
			}).message
		).toBe(
			'02-ports/steps/01-publish.md: open[0]: ~/site/Dockerfile is neither a starting file nor written by a solution so far'
		);
	});

	it('refuses two lessons with one number', () => {
		expect(
			failure({
				'02-ports/index.md': INDEX,
				'02-ports/steps/01-publish.md': STEP,
				'02-more-ports/index.md': INDEX,
				'02-more-ports/steps/01-publish.md': STEP
			}).message
		).toMatch(/its number or name is already used by/);
	});
});

describe('loading a lesson held in memory', () => {
	const LAB = INDEX.replace('level:', 'kind: lab\nlevel:');
	function memoryFailure(files: Record<string, string>): LessonError {
		try {
			loadLessonFromFiles('99-lab-x', files);
		} catch (error) {
			if (error instanceof LessonError) return error;
			throw error;
		}
		throw new Error('the lesson loaded');
	}

	it('loads it as a folder on disk would be: steps, starting files, slug', () => {
		const files = {
			'index.md': LAB,
			'steps/01-publish.md': STEP,
			'files/site/index.html': '<h1>hi</h1>',
			'files/notes.txt': 'notes'
		};
		const lesson = loadLessonFromFiles('99-lab-x', files);
		expect(lesson).toMatchObject({ slug: 'lab-x', order: 99, kind: 'lab', dir: '99-lab-x' });
		expect(lesson.steps.map((s) => [s.id, s.file])).toEqual([
			['publish', '99-lab-x/steps/01-publish.md']
		]);
		expect(lesson.files.map((f) => [f.path, f.content.toString(), f.executable])).toEqual([
			['notes.txt', 'notes', false],
			['site/index.html', '<h1>hi</h1>', false]
		]);
		// The same files on disk give the same lesson.
		root = mkdtempSync(path.join(os.tmpdir(), 'berth-content-'));
		for (const [file, text] of Object.entries(files)) {
			mkdirSync(path.dirname(path.join(root, '99-lab-x', file)), { recursive: true });
			writeFileSync(path.join(root, '99-lab-x', file), text);
		}
		expect(loadLessons(root)[0]).toEqual(lesson);
	});

	it('names the file, field and line of a bad check, as on disk', () => {
		const error = memoryFailure({
			'index.md': LAB,
			'steps/01-publish.md': STEP.replace('containerPort: 80', 'containerPort: eighty')
		});
		expect(error.message).toMatch(
			/^99-lab-x\/steps\/01-publish\.md:6: checks\[0\]\.containerPort: /
		);
		expect(
			memoryFailure({
				'index.md': LAB,
				'steps/01-publish.md': STEP.replace('type: port', 'type: teleport')
			}).message
		).toBe(
			'99-lab-x/steps/01-publish.md:4: checks[0].type: unknown check type; see docs/authoring.md for the kinds of check'
		);
	});

	it('names missing and misplaced files', () => {
		expect(memoryFailure({ 'steps/01-publish.md': STEP }).message).toBe(
			'99-lab-x/index.md: missing'
		);
		expect(memoryFailure({ 'index.md': LAB }).message).toBe(
			'99-lab-x/steps: missing: every lesson has a steps/ folder'
		);
		expect(
			memoryFailure({ 'index.md': LAB, 'steps/01-publish.md': STEP, 'notes.md': 'x' }).message
		).toBe('99-lab-x/notes.md: a lesson folder holds only index.md, steps/ and files/');
		expect(
			memoryFailure({ 'index.md': LAB, 'steps/01-publish.md': STEP, 'steps/02-more.md': STEP })
				.message
		).toBe('99-lab-x/steps: a lab has exactly one step (its goal), not 2');
		expect(
			memoryFailure({ 'index.md': LAB, 'steps/01-publish.md': '---\ntitle: [\n---\nProse.' })
				.message
		).toMatch(/^99-lab-x\/steps\/01-publish\.md:2: invalid YAML/);
	});

	it('limits the size of starting files', () => {
		expect(
			memoryFailure({
				'index.md': LAB,
				'steps/01-publish.md': STEP,
				'files/big.txt': 'x'.repeat(512 * 1024 + 1)
			}).message
		).toBe('99-lab-x/files/big.txt: too large (524289 bytes; at most 512 KiB)');
	});
});

describe('the real curriculum', () => {
	it('loads every lesson in content/', () => {
		root = mkdtempSync(path.join(os.tmpdir(), 'berth-none-'));
		const lessons = loadLessons(path.resolve('content'));
		expect(lessons.length).toBeGreaterThan(0);
		expect(lessons.map((l) => l.order)).toEqual(
			[...lessons.map((l) => l.order)].sort((a, b) => a - b)
		);
	});
});
