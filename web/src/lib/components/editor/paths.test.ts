import { describe, expect, it } from 'vitest';
import { basename, joinPath, languageFor, normalizePath, parentsOf, sortEntries } from './paths';

describe('normalizePath', () => {
	it('makes paths relative to the home', () => {
		expect(normalizePath('/root/app/Dockerfile')).toBe('app/Dockerfile');
		expect(normalizePath('~/compose.yaml')).toBe('compose.yaml');
		expect(normalizePath('./app//src/')).toBe('app/src');
		expect(normalizePath('app/../note.txt')).toBe('note.txt');
		expect(normalizePath('/root')).toBe('');
		expect(normalizePath('~')).toBe('');
	});

	it('never climbs above the home', () => {
		expect(normalizePath('../../etc/passwd')).toBe('etc/passwd');
	});
});

describe('joinPath, basename, parentsOf', () => {
	it('joins and splits home-relative paths', () => {
		expect(joinPath('', 'note.txt')).toBe('note.txt');
		expect(joinPath('app', 'Dockerfile')).toBe('app/Dockerfile');
		expect(basename('app/Dockerfile')).toBe('Dockerfile');
		expect(basename('')).toBe('~');
		expect(parentsOf('a/b/c.txt')).toEqual(['a', 'a/b']);
		expect(parentsOf('c.txt')).toEqual([]);
	});
});

describe('sortEntries', () => {
	it('puts directories first and hides nothing', () => {
		const sorted = sortEntries([
			{ name: 'b.txt', type: 'file', size: 1 },
			{ name: '.env', type: 'file', size: 1 },
			{ name: 'app', type: 'directory', size: 0 },
			{ name: '.cache', type: 'directory', size: 0 },
			{ name: 'a10', type: 'file', size: 1 },
			{ name: 'a9', type: 'file', size: 1 }
		]).map((e) => e.name);
		expect(sorted).toEqual(['.cache', 'app', '.env', 'a9', 'a10', 'b.txt']);
	});
});

describe('languageFor', () => {
	it.each([
		['Dockerfile', 'dockerfile'],
		['app/Dockerfile.dev', 'dockerfile'],
		['web.dockerfile', 'dockerfile'],
		['compose.yaml', 'yaml'],
		['docker-compose.yml', 'yaml'],
		['server.js', 'javascript'],
		['index.ts', 'typescript'],
		['package.json', 'json'],
		['app.py', 'python'],
		['run.sh', 'shell'],
		['.bashrc', 'shell'],
		['README.md', 'markdown'],
		['settings.ini', 'ini'],
		['.env', 'ini'],
		['.env.local', 'ini'],
		['note.txt', 'plaintext'],
		['Makefile', 'plaintext']
	])('%s is %s', (path, language) => {
		expect(languageFor(path)).toBe(language);
	});
});
