import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { labForInstructor, labSlug, statusOf, validateLab } from '$lib/server/custom-labs';
import type { LabProof } from '$lib/lab-files';
import { requireClass, requireInstructor } from '../../../access.server';
import type { PageServerLoad } from './$types';

/** The lab editor: the draft's files, what is wrong with them, and the last proof. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const viewer = requireInstructor(locals, url);
	const db = await getDb();
	const found = await requireClass(db, params.class, viewer);
	const lab = await labForInstructor(db, params.lab, viewer);
	if (!lab || lab.classId !== found.id) error(404, 'There is no lab of yours here.');
	return {
		class: { id: found.id, name: found.name },
		lab: {
			id: lab.id,
			slug: labSlug(lab.id),
			files: lab.draft,
			problems: validateLab(lab.draft),
			proof: (lab.proof as LabProof | null) ?? null,
			...statusOf(lab)
		}
	};
};
