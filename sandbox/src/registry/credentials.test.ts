import { describe, expect, it } from 'vitest';
import { defaultNamespace, RegistryCredentials } from './credentials';

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('RegistryCredentials', () => {
	const credentials = new RegistryCredentials('service-token-for-tests');

	it('accepts a namespace with its own password only', () => {
		const password = credentials.passwordFor('ada');
		expect(credentials.verify(basic('ada', password))).toBe('ada');
		expect(credentials.verify(basic('grace', password))).toBeNull();
		expect(credentials.verify(basic('ada', password + 'x'))).toBeNull();
	});

	it('gives different services different passwords', () => {
		expect(new RegistryCredentials('another-service-token').passwordFor('ada')).not.toBe(
			credentials.passwordFor('ada')
		);
	});

	it('refuses malformed headers and the library namespace', () => {
		for (const header of [
			undefined,
			'',
			'Bearer x',
			'Basic',
			'Basic !!!',
			basic('library', credentials.passwordFor('library'))
		]) {
			expect(credentials.verify(header)).toBeNull();
		}
	});
});

describe('defaultNamespace', () => {
	it('turns an owner id into a registry namespace', () => {
		expect(defaultNamespace('gujqcz4f5q745kvmze24dhuy')).toBe('gujqcz4f5q745kvmze24dhuy');
		expect(defaultNamespace('User_42@Example')).toBe('user-42-example');
		expect(defaultNamespace('library')).toBe('learner-library');
		expect(defaultNamespace('---')).toBe('learner');
	});
});
