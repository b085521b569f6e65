import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Viewer } from './classes';
import { unregisterCustomLab } from './curriculum';
import { draftSlug, labForInstructor, labSlug, labTitle, publishedLabId } from './custom-labs';
import type { Database } from './db';
import {
	assignments,
	classes,
	customLabs,
	lessonEngines,
	lessonProgress,
	stepProgress
} from './db/schema';

/**
 * Taking back a lab written in the browser: unpublishing it (learners lose
 * it, the draft stays) or deleting it. A lab the class is assigned cannot be
 * taken back: its submissions and grades hang on it, so the instructor
 * deletes the assignment first, knowingly.
 *
 * The check and the change happen under a lock on the lab's row, which
 * createAssignment takes too (labStillAssignable), so an assignment made at
 * the same moment is either seen here or refused there.
 */

/** The assignment that keeps a lab from being taken back, with where to remove it. */
export interface LabAssigned {
	kind: 'assigned';
	message: string;
	assignment: { id: string; url: string };
}

export type UnpublishResult =
	{ kind: 'unpublished' } | { kind: 'not-published'; message: string } | LabAssigned;

export type DeleteResult = { kind: 'deleted'; title: string; wasPublished: boolean } | LabAssigned;

/**
 * Unpublishes the lab: learners of the class can no longer open it, and it
 * can no longer be assigned; the draft (and its proof) stay, to publish
 * again. Null unless `viewer` may edit the lab (or it is gone).
 */
export async function unpublishLab(
	db: Database,
	id: string,
	viewer: Viewer
): Promise<UnpublishResult | null> {
	if (!(await labForInstructor(db, id, viewer))) return null;
	const result = await db.transaction(async (tx): Promise<UnpublishResult | null> => {
		const lab = await lockLab(tx, id);
		if (!lab) return null;
		if (!lab.published)
			return {
				kind: 'not-published',
				message: 'This lab is not published: there is nothing to take back.'
			};
		const assigned = await assignmentOf(tx, lab, 'unpublish');
		if (assigned) return assigned;
		await tx
			.update(customLabs)
			.set({ published: null, publishedAt: null })
			.where(eq(customLabs.id, id));
		return { kind: 'unpublished' };
	});
	if (result?.kind === 'unpublished') unregisterCustomLab(labSlug(id));
	return result;
}

/**
 * Deletes the lab, with what learners and instructors did in it (their
 * progress, and which engines they used for it). A published lab is
 * unpublished with it. Null unless `viewer` may edit the lab (or it is gone).
 */
export async function deleteLab(
	db: Database,
	id: string,
	viewer: Viewer
): Promise<DeleteResult | null> {
	if (!(await labForInstructor(db, id, viewer))) return null;
	const result = await db.transaction(async (tx): Promise<DeleteResult | null> => {
		const lab = await lockLab(tx, id);
		if (!lab) return null;
		const assigned = await assignmentOf(tx, lab, 'delete');
		if (assigned) return assigned;
		const slugs = [labSlug(id), draftSlug(id)];
		for (const table of [stepProgress, lessonProgress, lessonEngines])
			await tx.delete(table).where(inArray(table.lesson, slugs));
		await tx.delete(customLabs).where(eq(customLabs.id, id));
		return { kind: 'deleted', title: labTitle(lab.draft), wasPublished: lab.published !== null };
	});
	if (result?.kind === 'deleted') unregisterCustomLab(labSlug(id));
	return result;
}

/**
 * For createAssignment, inside its transaction: false when `slug` names a
 * lab written here that is no longer published (unpublished or deleted a
 * moment ago); true for anything else. Holds a share lock on the lab's row
 * until the transaction ends, so unpublishing or deleting it waits for the
 * assignment, and then sees it.
 */
export async function labStillAssignable(tx: Database, slug: string): Promise<boolean> {
	const id = publishedLabId(slug);
	if (!id) return true;
	const [lab] = await tx
		.select({ id: customLabs.id })
		.from(customLabs)
		.where(and(eq(customLabs.id, id), isNotNull(customLabs.published)))
		.for('share');
	return lab !== undefined;
}

async function lockLab(tx: Database, id: string) {
	const [lab] = await tx.select().from(customLabs).where(eq(customLabs.id, id)).for('update');
	return lab;
}

async function assignmentOf(
	tx: Database,
	lab: typeof customLabs.$inferSelect,
	action: 'unpublish' | 'delete'
): Promise<LabAssigned | null> {
	const [found] = await tx
		.select({ id: assignments.id, classId: assignments.classId, className: classes.name })
		.from(assignments)
		.innerJoin(classes, eq(classes.id, assignments.classId))
		.where(eq(assignments.lesson, labSlug(lab.id)))
		.limit(1);
	if (!found) return null;
	const title = labTitle(lab.published ?? lab.draft);
	return {
		kind: 'assigned',
		message: `“${title}” is assigned to ${found.className}, so it cannot be ${action === 'delete' ? 'deleted' : 'unpublished'}: its submissions and grades depend on it. Delete that assignment first (on its page), then ${action} the lab.`,
		assignment: { id: found.id, url: `/teach/${found.classId}/assignments/${found.id}` }
	};
}
