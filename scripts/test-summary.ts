/**
 * Adds up the Vitest JSON reports of one `npm test` run and prints the closing
 * line CI reads: "N passed, N failed". Exits non-zero if any test or any
 * other stage (lint, types, build) failed, or if no test ran at all.
 *
 *   tsx scripts/test-summary.ts REPORTS_DIR [FAILED_STAGE ...]
 */
import fs from 'node:fs';
import path from 'node:path';

interface VitestReport {
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests: number;
	success: boolean;
}

const [dir, ...failedStages] = process.argv.slice(2);
if (!dir) throw new Error('usage: test-summary.ts REPORTS_DIR [FAILED_STAGE ...]');

let passed = 0;
let failed = 0;
let skipped = 0;
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
for (const file of files.sort()) {
	const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as VitestReport;
	passed += report.numPassedTests;
	failed += report.numFailedTests;
	skipped += report.numPendingTests + report.numTodoTests;
	console.log(
		`  ${path.basename(file, '.json').padEnd(20)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`
	);
}

if (failedStages.length > 0) console.log(`failed stages: ${failedStages.join(', ')}`);
if (passed + failed === 0) console.log('no test ran');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || failedStages.length > 0 || passed === 0 ? 1 : 0);
