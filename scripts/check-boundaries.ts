/**
 * `npm run boundaries`: the web app may talk to the sandbox service only
 * through its client module (sandbox/client/), never by importing the
 * service's internals. Fails naming each file and import that crosses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findViolations } from './boundaries';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const violations = findViolations({ root, readFile: (file) => fs.readFileSync(file, 'utf8') });

if (violations.length > 0) {
	for (const v of violations) {
		console.error(
			`${v.file}:${v.line}: imports "${v.specifier}" — web/ may only use sandbox/client/`
		);
	}
	process.exit(1);
}
console.log('boundaries: web/ uses only sandbox/client/ from sandbox/');
