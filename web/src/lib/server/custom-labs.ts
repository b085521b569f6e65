import { createHash } from 'node:crypto';
import { desc, eq, isNotNull } from 'drizzle-orm';
import type { SandboxClient } from '../../../../sandbox/client';
import { LessonError, loadLessonFromFiles } from '../../../../lessons/loader';
import { checkLabFiles, type LabProblem, type LabProof } from '../lab-files';
import { generateId } from './auth/tokens';
import { canTeach, classForInstructor, membershipOf, type Viewer } from './classes';
import { customLabClass, lessonBySlug, registerCustomLab, type Lesson } from './curriculum';
import type { Database } from './db';
import { customLabs, type CustomLab } from './db/schema';
import { proveLesson } from './lab-proof';
import { ProofLocks, type ProofBusy } from './proof-locks';
import { labTemplate } from './lab-template';
import { sandbox } from './sandbox';

/**
 * Labs instructors write in the browser (the custom_labs table). A lab's
 * source is the files a content/ folder would hold, checked by the same
 * loader. The draft is edited; a draft is proven solvable in a fresh engine
 * (lab-proof.ts); only a proven draft is published, and only then can the
 * class be assigned it. Published labs are `lab-<id>`, for members of their
 * class; a draft can be tried in the lesson player as `lab-<id>-draft`, by
 * the class's instructors only.
 */

/** generateId(): 24 characters of lower-case base32. */
const ID = '[a-z2-7]{24}';
const PUBLISHED_SLUG = new RegExp(`^lab-(${ID})$`);
const DRAFT_SLUG = new RegExp(`^lab-(${ID})-draft$`);

export const labSlug = (id: string) => `lab-${id}`;
export const draftSlug = (id: string) => `lab-${id}-draft`;
/** The id in a published lab's slug (`lab-<id>`); undefined for any other slug. */
export const publishedLabId = (slug: string) => PUBLISHED_SLUG.exec(slug)?.[1];
// The loader wants a numbered folder; the number only orders content/'s catalog.
const folderOf = (slug: string) => `99-${slug}`;

/** A draft's identity: the same files give the same hash, whatever their order. */
export function draftHash(files: Record<string, string>): string {
	const sorted = Object.keys(files)
		.sort()
		.map((path) => [path, files[path]]);
	return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/**
 * Reads a lab's files as the loader reads a content/ folder. Problems name
 * the file relative to the lab (`steps/01-goal.md`), the line, and the field.
 */
function readLab(
	slug: string,
	files: Record<string, string>
): { problems: LabProblem[]; lesson?: Lesson } {
	const problems = checkLabFiles(files);
	if (problems.length > 0) return { problems };
	const folder = folderOf(slug);
	let lesson: Lesson;
	try {
		lesson = loadLessonFromFiles(folder, files);
	} catch (error) {
		if (!(error instanceof LessonError)) throw error;
		const file = error.file === folder ? '' : error.file.slice(folder.length + 1);
		const message = error.field ? `${error.field}: ${error.problem}` : error.problem;
		return { problems: [{ file, line: error.line, message }] };
	}
	if (lesson.kind !== 'lab') {
		const line = files['index.md']!.split('\n').findIndex((l) => /^kind\s*:/.test(l)) + 1;
		return {
			problems: [
				{ file: 'index.md', line: line || undefined, message: 'kind: a lab here says `kind: lab`' }
			]
		};
	}
	return { problems: [], lesson };
}

/** What is wrong with a lab's source, as the editor shows it: [] when it loads. */
export function validateLab(files: Record<string, string>): LabProblem[] {
	return readLab('lab-draft', files).problems;
}

/** The title in a lab's index.md, for lists, even when the rest does not load yet. */
export function labTitle(files: Record<string, string>): string {
	const match = /^title:[ \t]*(['"]?)(.+?)\1[ \t]*$/m.exec(files['index.md'] ?? '');
	return match?.[2] || 'Untitled lab';
}

// ── Access ───────────────────────────────────────────────────────────────────

/** A lab, if `viewer` teaches its class (or is an admin); null otherwise, whether or not it exists. */
export async function labForInstructor(
	db: Database,
	id: string,
	viewer: Viewer
): Promise<CustomLab | null> {
	if (!canTeach(viewer)) return null;
	const [lab] = await db.select().from(customLabs).where(eq(customLabs.id, id));
	if (!lab || !(await classForInstructor(db, lab.classId, viewer))) return null;
	return lab;
}

/** A class's labs for its instructors, newest first; null unless `viewer` teaches the class. */
export async function labsOfClass(db: Database, classId: string, viewer: Viewer) {
	if (!(await classForInstructor(db, classId, viewer))) return null;
	const rows = await db
		.select()
		.from(customLabs)
		.where(eq(customLabs.classId, classId))
		.orderBy(desc(customLabs.createdAt), desc(customLabs.id));
	return rows.map((lab) => ({ id: lab.id, title: labTitle(lab.draft), ...statusOf(lab) }));
}

/** Where a lab stands: proven (its current draft), published, changed since published. */
export function statusOf(lab: CustomLab) {
	const hash = draftHash(lab.draft);
	return {
		proven: lab.provenHash === hash,
		publishedAt: lab.publishedAt?.toISOString() ?? null,
		changedSincePublished: lab.published !== null && draftHash(lab.published) !== hash
	};
}

/**
 * The lesson `slug` as `viewer` may open it in the player, or undefined if
 * there is none or it is not theirs to open: a published lab is for members
 * of its class (and admins), a draft for its class's instructors (and
 * admins). Signed out (null), a lab resolves so the caller can send them to
 * sign in first (every caller does); they are checked when they come back.
 */
export async function lessonFor(
	db: Database,
	slug: string,
	viewer: Viewer | null
): Promise<Lesson | undefined> {
	const draft = DRAFT_SLUG.exec(slug);
	if (draft) {
		const lab = viewer
			? await labForInstructor(db, draft[1]!, viewer)
			: (await db.select().from(customLabs).where(eq(customLabs.id, draft[1]!)))[0];
		return lab ? readLab(slug, lab.draft).lesson : undefined;
	}
	const lesson = lessonBySlug(slug) ?? (await loadPublishedLab(db, slug));
	const classId = lesson && customLabClass(slug);
	if (!lesson || !classId || !viewer || viewer.role === 'admin') return lesson;
	return (await membershipOf(db, classId, viewer.id)) ? lesson : undefined;
}

/** A published lab the registry does not hold yet (published by another process), registered. */
async function loadPublishedLab(db: Database, slug: string): Promise<Lesson | undefined> {
	const match = PUBLISHED_SLUG.exec(slug);
	if (!match) return undefined;
	const [lab] = await db.select().from(customLabs).where(eq(customLabs.id, match[1]!));
	return lab?.published ? register(lab.id, lab.classId, lab.published) : undefined;
}

function register(id: string, classId: string, files: Record<string, string>) {
	const { lesson, problems } = readLab(labSlug(id), files);
	if (!lesson) {
		// It loaded when it was published: the lesson format has changed since.
		console.error(`berth: the published lab ${id} no longer loads`, problems);
		return undefined;
	}
	registerCustomLab(classId, lesson);
	return lesson;
}

/** Registers every published lab, so classes can be assigned them (at start-up). */
export async function loadPublishedLabs(db: Database): Promise<number> {
	let count = 0;
	for (const lab of await db.select().from(customLabs).where(isNotNull(customLabs.published)))
		if (register(lab.id, lab.classId, lab.published!)) count++;
	return count;
}

// ── Writing, proving, publishing ─────────────────────────────────────────────

/** A new lab for the class, from the working template; null unless `viewer` teaches it. */
export async function createLab(
	db: Database,
	classId: string,
	viewer: Viewer
): Promise<CustomLab | null> {
	if (!(await classForInstructor(db, classId, viewer))) return null;
	const [lab] = await db
		.insert(customLabs)
		.values({ id: generateId(), classId, authorId: viewer.id, draft: labTemplate() })
		.returning();
	return lab!;
}

/**
 * Saves a draft. Files with names or sizes a lab cannot have are refused
 * (nothing is saved); a draft that does not load yet is saved, with its
 * problems. Null unless `viewer` may edit the lab.
 */
export async function saveDraft(
	db: Database,
	id: string,
	viewer: Viewer,
	files: Record<string, string>
): Promise<({ saved: boolean; problems: LabProblem[] } & ReturnType<typeof statusOf>) | null> {
	const lab = await labForInstructor(db, id, viewer);
	if (!lab) return null;
	const refused = checkLabFiles(files);
	if (refused.length > 0) return { saved: false, problems: refused, ...statusOf(lab) };
	const [saved] = await db
		.update(customLabs)
		.set({ draft: files, updatedAt: new Date() })
		.where(eq(customLabs.id, id))
		.returning();
	return { saved: true, problems: validateLab(files), ...statusOf(saved!) };
}

/** Proofs running in this process (one per lab, one per instructor). */
const proofs = new ProofLocks();

/**
 * Claims a proof of `lab`'s current draft for `viewer`, who must be allowed
 * to edit it (the lab came from labForInstructor): `busy`, saying why, while
 * a proof of this lab or another proof of theirs runs. Otherwise `run` proves
 * it in a fresh engine and records the proof; the claim ends with the run.
 * Call `run` at once: the claim holds until it ends.
 */
export function startProof(
	db: Database,
	lab: CustomLab,
	viewer: Viewer
): ProofBusy | { run(options?: ProveOptions): Promise<LabProof> } {
	const claim = proofs.claim({ lab: lab.id, instructor: viewer.id, title: labTitle(lab.draft) });
	if ('busy' in claim) return claim;
	return {
		run: async (options = {}) => {
			try {
				return await prove(db, lab, viewer, options);
			} finally {
				claim.release();
			}
		}
	};
}

export interface ProveOptions {
	client?: SandboxClient;
	onStage?: (stage: string) => void;
}

/**
 * Proves the lab's current draft solvable in a fresh engine, and records the
 * proof. `busy` when a proof of this lab, or another of `viewer`'s, is
 * running (startProof); null unless `viewer` may edit the lab.
 */
export async function proveLab(
	db: Database,
	id: string,
	viewer: Viewer,
	options: ProveOptions = {}
): Promise<LabProof | ProofBusy | null> {
	const lab = await labForInstructor(db, id, viewer);
	if (!lab) return null;
	const started = startProof(db, lab, viewer);
	return 'busy' in started ? started : started.run(options);
}

async function prove(
	db: Database,
	lab: CustomLab,
	viewer: Viewer,
	options: ProveOptions
): Promise<LabProof> {
	const hash = draftHash(lab.draft);
	const { lesson, problems } = readLab(draftSlug(lab.id), lab.draft);
	const proof: LabProof = lesson
		? {
				hash,
				...(await proveLesson(lesson, {
					client: options.client ?? sandbox(),
					owner: `lab-proof:${viewer.id}`,
					onStage: options.onStage
				}))
			}
		: {
				hash,
				ok: false,
				checks: [],
				durationMs: 0,
				error: `Fix the draft first: ${problems[0]!.file}${problems[0]!.line ? `:${problems[0]!.line}` : ''}: ${problems[0]!.message}`,
				provedAt: new Date().toISOString()
			};
	await db
		.update(customLabs)
		.set({ proof, provenHash: proof.ok ? hash : null })
		.where(eq(customLabs.id, lab.id));
	return proof;
}

export type PublishResult =
	{ kind: 'published'; publishedAt: Date; slug: string } | { kind: 'unproven'; message: string };

/**
 * Publishes the draft to the class, if that very draft was proven solvable:
 * learners of the class get it, and it can be assigned. Null unless `viewer`
 * may edit the lab.
 */
export async function publishLab(
	db: Database,
	id: string,
	viewer: Viewer
): Promise<PublishResult | null> {
	const lab = await labForInstructor(db, id, viewer);
	if (!lab) return null;
	if (lab.provenHash !== draftHash(lab.draft)) {
		return {
			kind: 'unproven',
			message: lab.provenHash
				? 'The draft has changed since it was proven. Prove it again, then publish.'
				: 'Prove the draft solvable first: only a proven draft can be published.'
		};
	}
	const publishedAt = new Date();
	await db
		.update(customLabs)
		.set({ published: lab.draft, publishedAt })
		.where(eq(customLabs.id, id));
	register(lab.id, lab.classId, lab.draft);
	return { kind: 'published', publishedAt, slug: labSlug(id) };
}

/** The lab's draft as a lesson to try in the player, or its problems. Null unless `viewer` may edit it. */
export async function draftLesson(db: Database, id: string, viewer: Viewer) {
	const lab = await labForInstructor(db, id, viewer);
	if (!lab) return null;
	return readLab(draftSlug(id), lab.draft);
}
