import { sandbox } from '$lib/server/sandbox';
import { isRecordingName, recordingLabel } from './recording-name';
import { replaySubject, requireReplay, sandboxUnavailable } from './replay.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { viewer, db, class: found } = await requireReplay(locals, url, params);
	const [subject, recordings] = await Promise.all([
		replaySubject(db, found.id, params.learner, params.engine, viewer),
		sandbox().recordings(params.engine).catch(sandboxUnavailable)
	]);
	const listed = recordings
		.filter((r) => isRecordingName(r.name))
		.map((r) => ({ name: r.name, bytes: r.bytes, label: recordingLabel(r) }));
	const asked = url.searchParams.get('recording');
	const chosen = listed.find((r) => r.name === asked) ?? listed[0] ?? null;
	return {
		class: { id: found.id, name: found.name },
		learner: { id: params.learner, name: subject.name },
		lessons: subject.lessons,
		engine: params.engine,
		recordings: listed,
		chosen: chosen && {
			...chosen,
			url: `${url.pathname.replace(/\/$/, '')}/${encodeURIComponent(chosen.name)}.cast`
		}
	};
};
