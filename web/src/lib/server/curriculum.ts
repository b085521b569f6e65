import path from 'node:path';
import type { Lesson, Step } from '../../../../lessons/schema';
import { loadLessons } from '../../../../lessons/loader';
import { renderMarkdown, substitute, type LessonVars } from '../../../../lessons/markdown';

export type { Lesson, Step };

let cached: Lesson[] | undefined;

/**
 * Every lesson and lab under BERTH_CONTENT_DIR (default ./content), loaded
 * and validated once. A broken lesson stops the site at start-up with the
 * file and field at fault, rather than failing a learner halfway.
 */
export function curriculum(): Lesson[] {
	cached ??= loadLessons(path.resolve(process.env.BERTH_CONTENT_DIR || 'content'));
	return cached;
}

/**
 * Labs that instructors wrote in the browser and published to a class, by
 * slug (`lab-<id>`). custom-labs.ts keeps this up to date; such a lab is for
 * that class's members only (see customLabClass).
 */
const published = new Map<string, { lesson: Lesson; classId: string }>();

export function registerCustomLab(classId: string, lesson: Lesson): void {
	published.set(lesson.slug, { lesson, classId });
}

export function unregisterCustomLab(slug: string): void {
	published.delete(slug);
}

/** The class an instructor-written lab belongs to, or undefined for the curriculum's own. */
export function customLabClass(slug: string): string | undefined {
	return published.get(slug)?.classId;
}

export function lessonBySlug(slug: string): Lesson | undefined {
	return curriculum().find((l) => l.slug === slug) ?? published.get(slug)?.lesson;
}

/** What an instructor may assign to a class: the curriculum, and the labs published to it. */
export function assignableLessons(classId: string): Lesson[] {
	return [
		...curriculum(),
		...[...published.values()].filter((p) => p.classId === classId).map((p) => p.lesson)
	];
}

/** What a page shows of a lesson: its prose rendered for one learner, no solutions. */
export function lessonView(lesson: Lesson, vars: LessonVars) {
	return {
		slug: lesson.slug,
		title: lesson.title,
		summary: lesson.summary,
		kind: lesson.kind,
		level: lesson.level,
		minutes: lesson.minutes,
		intro: renderMarkdown(lesson.body, vars),
		steps: lesson.steps.map((s) => ({
			id: s.id,
			title: s.title,
			html: renderMarkdown(s.body, vars),
			hintCount: s.hints.length,
			open: s.open,
			checkCount: s.checks.length
		}))
	};
}

export type LessonView = ReturnType<typeof lessonView>;

/** A step's hints, rendered, up to `count`. */
export function hintsOf(step: Step, count: number, vars: LessonVars): string[] {
	return step.hints.slice(0, count).map((h) => renderMarkdown(h, vars));
}

/** A step's solution for the page: commands and files with the learner's own values filled in. */
export function solutionOf(step: Step, vars: LessonVars) {
	return {
		commands: step.solution.commands.map((c) => substitute(c, vars)),
		files: Object.entries(step.solution.files).map(([file, content]) => ({
			path: file,
			content: substitute(content, vars)
		}))
	};
}
