import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { submitLab } from '$lib/server/assignments';
import { sandbox } from '$lib/server/sandbox';
import type { RequestHandler } from './$types';

/**
 * Submits the signed-in learner's lab for grading, on their engine as it is
 * now. Always their own: there is no way to name anyone else. A refusal
 * (not theirs, not open, too late, no attempts left, no engine) is a 403
 * with the reason in `message`.
 */
export const POST: RequestHandler = async (event) => {
	const user = event.locals.user;
	if (!user) error(401, 'Sign in or start as a guest first.');
	// JSON APIs get no help from SvelteKit's form CSRF check: only our own pages may call.
	if (event.request.headers.get('origin') !== event.url.origin)
		error(403, 'Cross-site request refused.');
	const result = await submitLab(await getDb(), sandbox(), user.id, event.params.assignment);
	if (result.kind === 'refused') return json({ message: result.message }, { status: 403 });
	const s = result.submission;
	return json({
		attempt: s.attempt,
		submittedAt: s.submittedAt.toISOString(),
		score: s.score,
		rawScore: s.rawScore,
		late: s.late,
		checks: s.evidence.checks
	});
};
