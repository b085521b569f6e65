/**
 * A download's file name from a class's name: letters, digits, dots and
 * dashes only (no quotes, slashes or control characters to break the
 * Content-Disposition header or a path), e.g. "Docker 101 — spring!" →
 * "docker-101-spring-gradebook.csv".
 */
export function gradebookFilename(className: string): string {
	const base = className
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9.]+/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '')
		.slice(0, 60)
		.replace(/[-.]+$/, '');
	return `${base || 'class'}-gradebook.csv`;
}
