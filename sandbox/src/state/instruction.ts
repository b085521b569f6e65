/**
 * Turns an image history entry's CreatedBy into the Dockerfile instruction
 * that made it. The classic builder (Docker 20.10's default) writes
 *   "/bin/sh -c #(nop)  CMD [\"node\"]"   for metadata steps,
 *   "/bin/sh -c #(nop) COPY file:ab12 in /app " for COPY/ADD,
 *   "/bin/sh -c npm ci"                   for RUN,
 *   "|2 A=1 B=2 /bin/sh -c make"          for RUN with build args;
 * BuildKit writes the instruction itself ("RUN /bin/sh -c npm ci # buildkit").
 */
export function instructionOf(createdBy: string): string {
	let text = createdBy.trim();
	if (text.endsWith('# buildkit')) {
		text = text.slice(0, -'# buildkit'.length).trim();
		return text.replace(/^RUN \/bin\/sh -c /, 'RUN ');
	}
	// Build args given to a RUN: "|N k=v ... /bin/sh -c cmd".
	text = text.replace(/^\|\d+ (?:\S+=\S* )*/, '');
	const nop = /^\/bin\/sh -c #\(nop\)\s+(.*)$/s.exec(text);
	if (nop) return nop[1]!.trim().replace(/\s+/g, ' ');
	const run = /^\/bin\/sh -c (.*)$/s.exec(text);
	if (run) return `RUN ${run[1]!.trim()}`;
	// Imported base layers and other tools: keep what is there.
	return text;
}

/** True for instructions that only change metadata, never files. */
export function isMetadataInstruction(instruction: string): boolean {
	return /^(CMD|ENTRYPOINT|ENV|EXPOSE|LABEL|USER|WORKDIR|ARG|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ONBUILD|MAINTAINER)\b/.test(
		instruction
	);
}
