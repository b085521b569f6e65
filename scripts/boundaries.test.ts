import { describe, expect, it } from 'vitest';
import { crossesBoundary, findViolations, importsOf } from './boundaries';

const root = '/repo';

describe('importsOf', () => {
	it('finds static, type-only, side-effect, dynamic imports and re-exports with their lines', () => {
		const source = [
			"import a from './a';",
			"import type { B } from '../b';",
			"import './c.css';",
			"const d = await import('./d');",
			"export { e } from './e';",
			"export * from './f';",
			'const notAnImport = "from \'./g\'";'
		].join('\n');
		expect(importsOf(source)).toEqual([
			['./a', 1],
			['../b', 2],
			['./c.css', 3],
			['./d', 4],
			['./e', 5],
			['./f', 6]
		]);
	});
});

describe('crossesBoundary', () => {
	const from = '/repo/web/src/lib/server/terminal.ts';

	it('allows the sandbox client module', () => {
		expect(crossesBoundary(root, from, '../../../../sandbox/client')).toBe(false);
		expect(crossesBoundary(root, from, '../../../../sandbox/client/index.ts')).toBe(false);
	});

	it('refuses anything else under sandbox/', () => {
		expect(crossesBoundary(root, from, '../../../../sandbox/engine/docker')).toBe(true);
		expect(crossesBoundary(root, from, 'sandbox/server')).toBe(true);
		expect(crossesBoundary(root, from, '/repo/sandbox/pool.ts')).toBe(true);
		// A name that only starts like the client directory is not it.
		expect(crossesBoundary(root, from, '../../../../sandbox/client-internals')).toBe(true);
	});

	it('ignores packages and paths outside sandbox/', () => {
		expect(crossesBoundary(root, from, 'ws')).toBe(false);
		expect(crossesBoundary(root, from, '$lib/server/db')).toBe(false);
		expect(crossesBoundary(root, from, '../db/schema')).toBe(false);
		expect(crossesBoundary(root, from, '../../../../sandboxes-notes')).toBe(false);
	});
});

describe('findViolations', () => {
	it('names the file, line and import of each crossing', () => {
		const files: Record<string, string> = {
			'/repo/web/src/ok.ts': "import { SandboxClient } from '../../sandbox/client';",
			'/repo/web/src/bad.ts': "// uses internals\nimport { pool } from '../../sandbox/pool';"
		};
		const violations = findViolations({
			root,
			files: Object.keys(files),
			readFile: (file) => files[file]!
		});
		expect(violations).toEqual([
			{ file: 'web/src/bad.ts', line: 2, specifier: '../../sandbox/pool' }
		]);
	});
});
