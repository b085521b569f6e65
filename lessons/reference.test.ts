import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authoringReference, replaceReference } from './reference';

describe('docs/authoring.md', () => {
	it('has the field reference the schemas generate (npm run docs:authoring)', () => {
		const doc = fs.readFileSync('docs/authoring.md', 'utf8');
		expect(doc).toBe(replaceReference(doc, authoringReference()));
	});
});
