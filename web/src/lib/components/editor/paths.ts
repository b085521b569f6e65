/**
 * Paths in the editor are relative to the learner's home (/root), as the
 * files API takes them: '' is the home itself, 'app/Dockerfile' a file in it.
 */

/** `raw` as a home-relative path: '/root/a', '~/a', './a' and 'a//b/' become 'a' or 'a/b'. */
export function normalizePath(raw: string): string {
	let path = raw.trim();
	if (path === '~' || path === '/root') return '';
	if (path.startsWith('~/')) path = path.slice(2);
	else if (path.startsWith('/root/')) path = path.slice('/root/'.length);
	const parts: string[] = [];
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return parts.join('/');
}

export function joinPath(dir: string, name: string): string {
	return normalizePath(dir ? `${dir}/${name}` : name);
}

export function basename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1) || '~';
}

/** The directories that hold `path`, outermost first: 'a/b/c' → ['a', 'a/b']. */
export function parentsOf(path: string): string[] {
	const parts = normalizePath(path).split('/');
	return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

export interface Entry {
	name: string;
	type: 'file' | 'directory' | 'symlink' | 'other';
	size: number;
}

/** Directories first, then by name (dotfiles too: nothing is hidden). */
export function sortEntries(entries: readonly Entry[]): Entry[] {
	return [...entries].sort(
		(a, b) =>
			Number(b.type === 'directory') - Number(a.type === 'directory') ||
			a.name.localeCompare(b.name, 'en', { numeric: true })
	);
}

const BY_EXTENSION: Record<string, string> = {
	dockerfile: 'dockerfile',
	yml: 'yaml',
	yaml: 'yaml',
	js: 'javascript',
	mjs: 'javascript',
	cjs: 'javascript',
	jsx: 'javascript',
	ts: 'typescript',
	mts: 'typescript',
	cts: 'typescript',
	tsx: 'typescript',
	json: 'json',
	py: 'python',
	sh: 'shell',
	bash: 'shell',
	md: 'markdown',
	markdown: 'markdown',
	ini: 'ini',
	cfg: 'ini',
	conf: 'ini',
	env: 'ini',
	toml: 'ini',
	html: 'html',
	css: 'css'
};

const BY_NAME: Record<string, string> = {
	dockerfile: 'dockerfile',
	containerfile: 'dockerfile',
	'.bashrc': 'shell',
	'.profile': 'shell',
	'.bash_profile': 'shell',
	'.env': 'ini',
	'.dockerignore': 'ini',
	'.gitignore': 'ini'
};

/** The Monaco language for a file, from its name. */
export function languageFor(path: string): string {
	const name = basename(path).toLowerCase();
	if (BY_NAME[name]) return BY_NAME[name];
	// Dockerfile.dev, Dockerfile.prod, ...; .env.local, ...
	if (name.startsWith('dockerfile.') || name.startsWith('containerfile.')) return 'dockerfile';
	if (name.startsWith('.env.')) return 'ini';
	const dot = name.lastIndexOf('.');
	return (dot > 0 && BY_EXTENSION[name.slice(dot + 1)]) || 'plaintext';
}
