/**
 * Validates every lesson under content/ (or the folder given) and prints what
 * it found, or the first bad file with the field at fault. `npm run lessons:check`.
 */
import path from 'node:path';
import { LessonError, loadLessons } from '../lessons/loader';

const dir = path.resolve(process.argv[2] ?? 'content');
try {
	const lessons = loadLessons(dir);
	for (const lesson of lessons) {
		const checks = lesson.steps.reduce((n, s) => n + s.checks.length, 0);
		console.log(
			`${lesson.dir.padEnd(32)} ${lesson.kind.padEnd(6)} ${String(lesson.steps.length).padStart(2)} steps ${String(checks).padStart(3)} checks  ${lesson.title}`
		);
	}
	console.log(`${lessons.length} lessons, all valid`);
} catch (error) {
	if (!(error instanceof LessonError)) throw error;
	console.error(`content/${error.message}`);
	process.exit(1);
}
