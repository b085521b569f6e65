/**
 * Rewrites the generated field reference in docs/authoring.md from the
 * lesson schemas (`npm run docs:authoring`). lessons/reference.test.ts fails
 * when the doc and the schemas disagree.
 */
import fs from 'node:fs';
import { authoringReference, replaceReference } from '../lessons/reference';

const file = 'docs/authoring.md';
fs.writeFileSync(file, replaceReference(fs.readFileSync(file, 'utf8'), authoringReference()));
console.log(`${file}: reference regenerated`);
