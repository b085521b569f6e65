import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { assignmentsOfClass, createAssignment } from '$lib/server/assignments';
import { checkEmail, EMAIL_MAX, normaliseEmail } from '$lib/server/auth/validation';
import {
	activeCode,
	addCoInstructor,
	newJoinCode,
	removeMember,
	revokeCode,
	roster
} from '$lib/server/classes';
import { assignableLessons, lessonBySlug } from '$lib/server/curriculum';
import { readSmallForm } from '$lib/server/request';
import { requireClass, requireInstructor } from '../access.server';
import { readAssignmentForm } from './assignment-form.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** How long a new code may work: the choices the form offers. */
const CODE_DAYS = [1, 7, 30, 90];

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const viewer = requireInstructor(locals, url);
	const db = await getDb();
	const found = await requireClass(db, params.class, viewer);
	const [members, code, assigned] = await Promise.all([
		roster(db, found.id, viewer),
		activeCode(db, found.id, viewer),
		assignmentsOfClass(db, found.id, viewer)
	]);
	const taken = new Set((assigned ?? []).map((a) => a.lesson));
	// A new assignment opens now and is due a week later, unless the instructor says otherwise.
	const now = new Date();
	now.setSeconds(0, 0);
	const deleted = url.searchParams.get('deleted');
	return {
		class: { id: found.id, name: found.name },
		me: viewer.id,
		code: code && {
			code: code.code,
			link: `${url.origin}/join/${code.code}`,
			expiresAt: code.expiresAt.toISOString()
		},
		codeDays: CODE_DAYS,
		members: (members ?? []).map((m) => ({
			id: m.userId,
			name: m.displayName,
			email: m.email,
			isGuest: m.isGuest,
			role: m.role,
			joinedAt: m.joinedAt.toISOString()
		})),
		assignments: (assigned ?? []).map((a) => {
			const lesson = lessonBySlug(a.lesson);
			return {
				id: a.id,
				title: lesson?.title ?? a.lesson,
				kind: lesson?.kind ?? 'lesson',
				opensAt: a.opensAt.toISOString(),
				dueAt: a.dueAt.toISOString(),
				attemptLimit: a.attemptLimit,
				latePolicy: a.latePolicy,
				latePenaltyPercent: a.latePenaltyPercent
			};
		}),
		lessons: assignableLessons(found.id).map((l) => ({
			slug: l.slug,
			title: l.title,
			kind: l.kind,
			assigned: taken.has(l.slug)
		})),
		defaults: {
			opensAt: now.toISOString(),
			dueAt: new Date(now.getTime() + 7 * 24 * 3600e3).toISOString(),
			latePolicy: 'accept'
		},
		// The assignment page sends the instructor back here after deleting one.
		deleted: deleted ? (lessonBySlug(deleted)?.title ?? 'The assignment') : null
	};
};

/** The instructor and the class an action is for, or the same 403/404 the page gives. */
async function context(event: RequestEvent) {
	const viewer = requireInstructor(event.locals, event.url);
	const db = await getDb();
	const found = await requireClass(db, event.params.class, viewer);
	return { viewer, db, found };
}

export const actions: Actions = {
	assign: async (event) => {
		const { viewer, db, found } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const { input, values } = readAssignmentForm(form);
		const result = await createAssignment(db, found.id, viewer, input);
		if (result.kind === 'invalid')
			return fail(400, { action: 'assign', values, errors: result.errors });
		if (result.kind === 'forbidden')
			return fail(404, { action: 'assign', message: 'This class is no longer yours.' });
		const title = lessonBySlug(result.assignment.lesson)?.title ?? result.assignment.lesson;
		return { action: 'assign', done: `“${title}” is assigned to ${found.name}.` };
	},

	newCode: async (event) => {
		const { viewer, db, found } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const days = Number(form.get('days') ?? 30);
		if (!CODE_DAYS.includes(days)) {
			return fail(400, {
				action: 'newCode',
				errors: { days: `Choose how long the code works: ${CODE_DAYS.join(', ')} days.` }
			});
		}
		await newJoinCode(db, found.id, viewer, { days });
		return { action: 'newCode', done: 'A new code is ready. The old one no longer works.' };
	},

	revokeCode: async (event) => {
		const { viewer, db, found } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		await revokeCode(db, found.id, viewer);
		return {
			action: 'revokeCode',
			done: 'The code is revoked: nobody can join until you make a new one.'
		};
	},

	remove: async (event) => {
		const { viewer, db, found } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const member = String(form.get('member') ?? '');
		const name = String(form.get('name') ?? '').slice(0, 120) || 'That person';
		const result = await removeMember(db, found.id, member, viewer);
		if (result === 'last-instructor') {
			return fail(400, {
				action: 'remove',
				message: 'A class needs an instructor. Add a co-instructor before you leave it.'
			});
		}
		if (result === 'not-member') {
			return fail(400, { action: 'remove', message: `${name} is not in this class any more.` });
		}
		return { action: 'remove', done: `${name} is no longer in ${found.name}.` };
	},

	addInstructor: async (event) => {
		const { viewer, db, found } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const raw = String(form.get('email') ?? '');
		const values = { email: raw.slice(0, EMAIL_MAX) };
		const invalid = checkEmail(raw);
		if (invalid) return fail(400, { action: 'addInstructor', values, errors: { email: invalid } });

		const result = await addCoInstructor(db, found.id, normaliseEmail(raw), viewer);
		const email = normaliseEmail(raw);
		switch (result.kind) {
			case 'no-account':
				return fail(400, {
					action: 'addInstructor',
					values,
					errors: { email: `No account has the email ${email}. They need to sign up first.` }
				});
			case 'not-instructor':
				return fail(400, {
					action: 'addInstructor',
					values,
					errors: {
						email: `${email} is not an instructor account. Ask the administrator to make it one first.`
					}
				});
			case 'already':
				return fail(400, {
					action: 'addInstructor',
					values,
					errors: { email: `${result.name} already teaches this class.` }
				});
			case 'forbidden':
				// requireClass let this instructor in a moment ago; they have lost the class since.
				return fail(404, { action: 'addInstructor', message: 'This class is no longer yours.' });
			default:
				return {
					action: 'addInstructor',
					done: `${result.name} now teaches ${found.name} with you.`
				};
		}
	}
};
