import { z } from 'zod';

/** A path in the learner's home (/root): relative, no `..`, no leading slash. */
export const homePath = z
	.string()
	.min(1)
	.max(200)
	.refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), {
		message: 'must be a path relative to the learner’s home, without `..`'
	});
