import { describe, expect, it } from 'vitest';
import { checkLabFiles, checkLabPath, LAB_MAX_BYTES, LAB_MAX_FILES } from './lab-files';

describe('a lab’s file names', () => {
	it('allows index.md, one steps/01-<name>.md and files under files/', () => {
		for (const ok of ['index.md', 'steps/01-serve-it.md', 'files/site/index.html', 'files/.env'])
			expect(checkLabPath(ok), ok).toBeUndefined();
	});

	it('refuses anything else, naming what is allowed', () => {
		expect(checkLabPath('steps/02-more.md')).toMatch(/one step file, named like/);
		expect(checkLabPath('steps/01-Serve.md')).toMatch(/one step file/);
		expect(checkLabPath('README.md')).toMatch(/only index.md, steps\/01-<name>.md and files/);
		expect(checkLabPath('files/')).toMatch(/1 to 200 characters/);
		for (const bad of ['files/../index.md', 'files/a/../../x', 'files//x', 'files/./x'])
			expect(checkLabPath(bad), bad).toMatch(/without `.`, `..` or empty parts/);
		expect(checkLabPath('files/a\\b')).toMatch(/backslashes/);
		expect(checkLabPath('files/a\nb')).toMatch(/control characters/);
	});
});

describe('a lab’s files together', () => {
	const lab = { 'index.md': 'x', 'steps/01-goal.md': 'y' };

	it('finds nothing wrong with a well-formed list', () => {
		expect(checkLabFiles({ ...lab, 'files/a/b.txt': 'z' })).toEqual([]);
	});

	it('limits the count and the size, and wants text', () => {
		const many = Object.fromEntries(
			Array.from({ length: LAB_MAX_FILES + 1 }, (_, i) => [`files/${i}.txt`, ''])
		);
		expect(checkLabFiles(many)).toEqual([{ file: '', message: 'a lab has at most 50 files' }]);
		expect(checkLabFiles({ ...lab, 'files/big': 'é'.repeat(LAB_MAX_BYTES / 2) })).toEqual([
			{ file: '', message: 'a lab’s files add up to more than 1 MiB' }
		]);
		expect(checkLabFiles({ ...lab, 'files/bin': 'a\u0000b' })).toEqual([
			{ file: 'files/bin', message: 'a file’s content must be text' }
		]);
		expect(checkLabFiles({ ...lab, 'files/n': 42 })).toEqual([
			{ file: 'files/n', message: 'a file’s content must be text' }
		]);
	});

	it('names each bad path, a second step, and a file that is also a folder', () => {
		expect(
			checkLabFiles({
				...lab,
				'../etc/passwd': 'x',
				'steps/01-other.md': 'z',
				'files/a': '',
				'files/a/b': ''
			})
		).toEqual([
			{
				file: '../etc/passwd',
				message: 'only index.md, steps/01-<name>.md and files/<path> belong in a lab'
			},
			{ file: 'files/a', message: 'files/a cannot be both a file and a folder' },
			{ file: 'steps/01-other.md', message: 'a lab has exactly one step file' }
		]);
	});
});
