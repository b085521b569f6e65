/**
 * How long to wait before reconnecting attempt `attempt` (0 for the first
 * retry): exponential from `baseMs`, capped at `maxMs`, with "equal jitter"
 * (half fixed, half random) so that many browsers dropped by one server
 * restart do not all come back in the same instant.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(
	attempt: number,
	options: { baseMs?: number; maxMs?: number; random?: () => number } = {}
): number {
	const { baseMs = 500, maxMs = 10_000, random = Math.random } = options;
	const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
