import { z } from 'zod';
import { check } from './checks/catalog';
import { homePath } from './checks/home-path';

export { homePath };

/**
 * The lesson format, as data an author writes without touching code. Every
 * field is described: docs/authoring.md is written from these descriptions,
 * and the loader's errors name the field at fault.
 *
 * A lesson is a folder under content/:
 *
 *   content/04-dockerfiles/
 *     index.md            frontmatter: lessonMeta; body: the introduction
 *     steps/01-*.md       frontmatter: stepMeta; body: the step's prose
 *     files/...           starting files, copied into the learner's home
 */

const command = z.string().trim().min(1);

export const lessonMeta = z
	.object({
		title: z.string().min(1).max(80).describe('The lesson’s title, shown in the catalog.'),
		summary: z
			.string()
			.min(1)
			.max(300)
			.describe('One or two sentences on what the learner will be able to do.'),
		kind: z
			.enum(['lesson', 'lab'])
			.default('lesson')
			.describe(
				'A lesson walks through steps; a lab states a goal in one step and leaves the path to the learner.'
			),
		level: z
			.enum(['beginner', 'intermediate', 'advanced'])
			.describe('How much Docker the learner should already know.'),
		minutes: z.number().int().min(1).max(240).describe('About how long it takes, in minutes.'),
		topics: z
			.array(z.string().min(1))
			.default([])
			.describe('The commands and ideas it teaches, e.g. `docker run` or `layers`.'),
		setup: z
			.array(command)
			.default([])
			.describe(
				'Shell commands run in the learner’s engine, from their home, after the starting files are placed (e.g. to pull an image).'
			)
	})
	.strict();

export const solution = z
	.object({
		commands: z
			.array(command)
			.default([])
			.describe(
				'Commands that complete the step, run in order from the learner’s home; each must exit 0. Shown behind a click, and run by the test suite.'
			),
		files: z
			.record(homePath, z.string())
			.default({})
			.describe('Files the step expects the learner to write: path in their home → content.')
	})
	.strict()
	.refine((s) => s.commands.length > 0 || Object.keys(s.files).length > 0, {
		message: 'a solution needs at least one command or file'
	});

export const stepMeta = z
	.object({
		title: z.string().min(1).max(80).describe('The step’s title, shown in the progress rail.'),
		checks: z
			.array(check)
			.min(1)
			.describe('What must be true of the learner’s engine for the step to pass: all of them.'),
		hints: z
			.array(z.string().min(1))
			.default([])
			.describe('Hints revealed one at a time, from a nudge to nearly the answer (Markdown).'),
		solution: solution.describe('How to complete the step.'),
		open: z
			.array(homePath)
			.default([])
			.describe('Files opened in the editor when the step begins.'),
		setup: z
			.array(command)
			.default([])
			.describe('Shell commands run in the learner’s engine when the step begins.')
	})
	.strict();

export type LessonMeta = z.infer<typeof lessonMeta>;
export type StepMeta = z.infer<typeof stepMeta>;

export interface Step extends StepMeta {
	/** From the file name: `steps/02-publish.md` → `publish`. */
	id: string;
	/** The step's prose, in Markdown. */
	body: string;
	/** Where it was loaded from, relative to the content folder. */
	file: string;
}

export interface Lesson extends LessonMeta {
	/** From the folder name: `04-dockerfiles` → `dockerfiles`. */
	slug: string;
	/** Its place in the catalog, from the folder name's number. */
	order: number;
	/** The introduction, in Markdown. */
	body: string;
	steps: Step[];
	/** Starting files: path in the learner's home → content (base64 for binary files). */
	files: StartingFile[];
	/** The lesson's folder, relative to the content folder. */
	dir: string;
}

export interface StartingFile {
	path: string;
	content: Buffer;
	/** Whether the file is executable (a script the learner runs). */
	executable: boolean;
}
