import type { LabProblem } from '../../lab-files';

/** A Monaco marker, without Monaco: severity is filled in by the caller. */
export interface MarkerRange {
	startLineNumber: number;
	startColumn: number;
	endLineNumber: number;
	endColumn: number;
	message: string;
}

/**
 * The markers for one file of a lab: each problem of that file underlines
 * its whole line (the loader knows lines, not columns); one without a line,
 * the first. `lineLengths[i]` is the length of line i + 1.
 */
export function markersFor(
	problems: readonly LabProblem[],
	file: string,
	lineLengths: readonly number[]
): MarkerRange[] {
	const count = Math.max(lineLengths.length, 1);
	return problems
		.filter((p) => p.file === file)
		.map((p) => {
			const line = Math.min(Math.max(p.line ?? 1, 1), count);
			return {
				startLineNumber: line,
				startColumn: 1,
				endLineNumber: line,
				endColumn: Math.max((lineLengths[line - 1] ?? 0) + 1, 2),
				message: p.message
			};
		});
}

/** Where a problem is, for a list: `steps/01-goal.md:6`, or `the lab` for the lab as a whole. */
export function placeOf(problem: LabProblem): string {
	if (!problem.file) return 'the lab';
	return problem.line ? `${problem.file}:${problem.line}` : problem.file;
}

/** index.md first, then the step, then starting files by name. */
export function sortPaths(paths: Iterable<string>): string[] {
	const rank = (p: string) => (p === 'index.md' ? 0 : p.startsWith('steps/') ? 1 : 2);
	return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
