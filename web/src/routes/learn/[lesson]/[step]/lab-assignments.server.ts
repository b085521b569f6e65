import { labAssignmentsFor, mySubmissions } from '$lib/server/assignments';
import type { Lesson } from '$lib/server/curriculum';
import type { Database } from '$lib/server/db';

/**
 * The learner's assignments of this lab (one per class that assigned it),
 * each with their own earlier submissions, for the player's "Submit for
 * grading" panel. None for a lesson: lessons are graded as the learner goes.
 */
export async function labAssignmentsView(db: Database, userId: string, lesson: Lesson) {
	if (lesson.kind !== 'lab') return [];
	const assigned = await labAssignmentsFor(db, userId, lesson.slug);
	return Promise.all(
		assigned.map(async (a) => ({
			id: a.id,
			className: a.className,
			opensAt: a.opensAt.toISOString(),
			dueAt: a.dueAt.toISOString(),
			attemptLimit: a.attemptLimit,
			latePolicy: a.latePolicy,
			latePenaltyPercent: a.latePenaltyPercent,
			submissions: (await mySubmissions(db, a.id, userId)).map((s) => ({
				attempt: s.attempt,
				submittedAt: s.submittedAt.toISOString(),
				score: s.score,
				rawScore: s.rawScore,
				late: s.late,
				checks: s.evidence.checks
			}))
		}))
	);
}

export type LabAssignmentView = Awaited<ReturnType<typeof labAssignmentsView>>[number];
