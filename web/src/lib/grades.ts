/** How grades read on every page that shows them (gradebook, learner page, dashboard, player). */

export type GradeStatus = 'not-started' | 'in-progress' | 'submitted' | 'complete';

export const statusLabel: Record<GradeStatus, string> = {
	'not-started': 'Not started',
	'in-progress': 'In progress',
	submitted: 'Submitted',
	complete: 'Complete'
};

/** "85%", or an em dash before anything counts. */
export const scoreText = (score: number | null | undefined) =>
	score === null || score === undefined ? '—' : `${score}%`;

/** "2 of 3 attempts", "1 attempt" (no limit). */
export function attemptsText(used: number, limit: number | null): string {
	if (limit === null) return `${used} attempt${used === 1 ? '' : 's'}`;
	return `${used} of ${limit} attempt${limit === 1 ? '' : 's'}`;
}

/** What happens to late work, in a few words. */
export function latePolicyText(a: { latePolicy: string; latePenaltyPercent: number }): string {
	if (a.latePolicy === 'penalty') return `−${a.latePenaltyPercent}% per day late`;
	if (a.latePolicy === 'refuse') return 'Late work not accepted';
	return 'Late work accepted, marked late';
}
