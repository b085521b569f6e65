/**
 * The .cast text up to its last whole line. A tab that is still open is
 * still being recorded, so the file may be read in the middle of a line,
 * which the player would refuse as a whole.
 */
export function completeLines(text: string): string {
	return text.slice(0, text.lastIndexOf('\n') + 1);
}

/** Whether a recording holds anything after its header line (asciicast v2: one event a line). */
export function hasEvents(text: string): boolean {
	return text.split('\n').filter((line) => line.startsWith('[')).length > 0;
}
