import { describe, expect, it } from 'vitest';
import { checkSignIn, checkSignUp, PASSWORD_MAX } from './validation';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.set(k, v);
	return data;
}

describe('checkSignUp', () => {
	it('accepts and normalises a good form', () => {
		expect(
			checkSignUp(
				form({ email: '  Ada@Example.COM ', password: 'longenough', displayName: ' Ada ' })
			)
		).toEqual({
			ok: true,
			value: { email: 'ada@example.com', password: 'longenough', displayName: 'Ada' }
		});
	});

	it('names every field at fault', () => {
		const result = checkSignUp(form({ email: '', password: '' }));
		expect(result).toEqual({
			ok: false,
			errors: { email: 'Enter your email address.', password: 'Choose a password.' }
		});
	});

	it.each([
		['no at sign', 'ada.example.com'],
		['no domain dot', 'ada@example'],
		['a space', 'ada lovelace@example.com'],
		['two at signs', 'ada@@example.com']
	])('refuses an email with %s', (_, email) => {
		const result = checkSignUp(form({ email, password: 'longenough' }));
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors.email).toMatch(/does not look like an email/);
	});

	it('refuses short and over-long passwords', () => {
		const short = checkSignUp(form({ email: 'a@b.co', password: 'short' }));
		expect(!short.ok && short.errors.password).toBe('Use at least 8 characters for your password.');
		const long = checkSignUp(form({ email: 'a@b.co', password: 'x'.repeat(PASSWORD_MAX + 1) }));
		expect(!long.ok && long.errors.password).toMatch(/at most 256/);
	});

	it('refuses control characters in a name', () => {
		const result = checkSignUp(
			form({ email: 'a@b.co', password: 'longenough', displayName: 'a\u0007b' })
		);
		expect(!result.ok && result.errors.displayName).toMatch(/control characters/);
	});
});

describe('checkSignIn', () => {
	it('needs both fields, and does not judge password length rules', () => {
		expect(checkSignIn(form({ email: 'a@b.co', password: 'short' })).ok).toBe(true);
		expect(checkSignIn(form({ email: 'a@b.co', password: '' }))).toEqual({
			ok: false,
			errors: { password: 'Enter your password.' }
		});
	});
});
