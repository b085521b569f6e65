/** Nearest-rank percentile. */
export function percentile(samples: number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const mean = (samples: number[]) => samples.reduce((a, b) => a + b, 0) / samples.length;
