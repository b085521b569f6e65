import { describe, expect, it } from 'vitest';
import { gradebookFilename } from './attachment';

describe('the gradebook download name', () => {
	it('keeps a class name readable and safe in a header and a path', () => {
		expect(gradebookFilename('Docker 101')).toBe('docker-101-gradebook.csv');
		expect(gradebookFilename('Docker 101 — spring!')).toBe('docker-101-spring-gradebook.csv');
		expect(gradebookFilename('Café "Ops" / Übung')).toBe('cafe-ops-ubung-gradebook.csv');
		expect(gradebookFilename('../../etc/passwd')).toBe('etc-passwd-gradebook.csv');
		expect(gradebookFilename('a\r\nContent-Type: text/html')).toBe(
			'a-content-type-text-html-gradebook.csv'
		);
		expect(gradebookFilename('日本語')).toBe('class-gradebook.csv');
		expect(gradebookFilename('x'.repeat(200))).toBe(`${'x'.repeat(60)}-gradebook.csv`);
	});
});
