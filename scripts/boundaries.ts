import fs from 'node:fs';
import path from 'node:path';

export interface Violation {
	file: string;
	line: number;
	specifier: string;
}

// Static and dynamic imports, re-exports, and `import type`.
const IMPORT =
	/(?:\bimport\s*(?:type\s+)?(?:[^'"()]*?\bfrom\s*)?|\bexport\s+[^'"]*?\bfrom\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** Every import in `source` as [specifier, line number]. */
export function importsOf(source: string): Array<[string, number]> {
	const found: Array<[string, number]> = [];
	for (const match of source.matchAll(IMPORT)) {
		const line = source.slice(0, match.index).split('\n').length;
		found.push([match[1]!, line]);
	}
	return found;
}

/**
 * True when `specifier`, imported from `file`, reaches into sandbox/ anywhere
 * but sandbox/client/.
 */
export function crossesBoundary(root: string, file: string, specifier: string): boolean {
	let target: string;
	if (specifier.startsWith('.')) target = path.resolve(path.dirname(file), specifier);
	else if (specifier.startsWith('/')) target = specifier;
	else if (/^(\$sandbox|sandbox)(\/|$)/.test(specifier))
		target = path.join(root, specifier.replace(/^\$/, ''));
	else return false; // a package or a SvelteKit alias inside web/
	const rel = path.relative(path.join(root, 'sandbox'), target);
	const insideSandbox = !rel.startsWith('..') && !path.isAbsolute(rel);
	return insideSandbox && !(rel === 'client' || rel.startsWith(`client${path.sep}`));
}

export function findViolations(options: {
	root: string;
	readFile(file: string): string;
	files?: string[];
}): Violation[] {
	const files = options.files ?? listSources(path.join(options.root, 'web'));
	const violations: Violation[] = [];
	for (const file of files) {
		for (const [specifier, line] of importsOf(options.readFile(file))) {
			if (crossesBoundary(options.root, file, specifier)) {
				violations.push({ file: path.relative(options.root, file), line, specifier });
			}
		}
	}
	return violations;
}

function listSources(dir: string): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listSources(full));
		else if (/\.(ts|js|svelte)$/.test(entry.name)) out.push(full);
	}
	return out;
}
