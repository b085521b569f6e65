/** Nearest-rank percentile. */
export function percentile(samples: number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const mean = (samples: number[]) => samples.reduce((a, b) => a + b, 0) / samples.length;

/**
 * Prints one measured figure as a line: count, p50, p95 and max in ms, and
 * whether the p95 met its target (if it has one). Benchmarks measure; they
 * do not judge, so a miss is printed, not thrown.
 */
export function reportLine(name: string, samples: number[], target?: number, width = 36): void {
	const p95 = percentile(samples, 95);
	const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`;
	const verdict =
		target === undefined ? '' : `  (target ≤ ${target}: ${p95 <= target ? 'met' : 'MISSED'})`;
	console.log(
		`${name.padEnd(width)} n ${String(samples.length).padStart(3)}  p50 ${ms(percentile(samples, 50))}  p95 ${ms(p95)}  max ${ms(Math.max(...samples))}${verdict}`
	);
}
