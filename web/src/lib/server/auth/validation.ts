/** Limits on what a person can type into the account forms. */
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 60;

// Deliberately loose: one @, something on each side, a dot in the domain, no
// spaces. Real validation of an address is delivering mail to it.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export type Checked<T, K extends string> =
	{ ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export function checkEmail(raw: string): string | undefined {
	const email = normaliseEmail(raw);
	if (email === '') return 'Enter your email address.';
	if (email.length > EMAIL_MAX) return `An email address has at most ${EMAIL_MAX} characters.`;
	if (!EMAIL_PATTERN.test(email))
		return 'That does not look like an email address (name@example.com).';
	return undefined;
}

export function checkNewPassword(password: string): string | undefined {
	if (password === '') return 'Choose a password.';
	if (password.length < PASSWORD_MIN)
		return `Use at least ${PASSWORD_MIN} characters for your password.`;
	if (password.length > PASSWORD_MAX) return `A password has at most ${PASSWORD_MAX} characters.`;
	return undefined;
}

export function checkDisplayName(raw: string): string | undefined {
	const name = raw.trim();
	if (name.length > DISPLAY_NAME_MAX) return `A name has at most ${DISPLAY_NAME_MAX} characters.`;
	// Control characters would garble the gradebook and CSV exports.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(name)) return 'A name cannot contain control characters.';
	return undefined;
}

export interface SignUpInput {
	email: string;
	password: string;
	displayName: string | null;
}

export function checkSignUp(
	form: FormData
): Checked<SignUpInput, 'email' | 'password' | 'displayName'> {
	const email = field(form, 'email');
	const password = field(form, 'password');
	const displayName = field(form, 'displayName');
	const errors: FieldErrors<'email' | 'password' | 'displayName'> = {
		email: checkEmail(email),
		password: checkNewPassword(password),
		displayName: checkDisplayName(displayName)
	};
	if (errors.email || errors.password || errors.displayName) {
		return { ok: false, errors: dropEmpty(errors) };
	}
	return {
		ok: true,
		value: { email: normaliseEmail(email), password, displayName: displayName.trim() || null }
	};
}

export interface SignInInput {
	email: string;
	password: string;
}

export function checkSignIn(form: FormData): Checked<SignInInput, 'email' | 'password'> {
	const email = field(form, 'email');
	const password = field(form, 'password');
	const errors: FieldErrors<'email' | 'password'> = {
		email: checkEmail(email),
		password: password === '' ? 'Enter your password.' : undefined
	};
	// An over-long password cannot be right; don't spend a hash on it.
	if (password.length > PASSWORD_MAX)
		errors.password = `A password has at most ${PASSWORD_MAX} characters.`;
	if (errors.email || errors.password) return { ok: false, errors: dropEmpty(errors) };
	return { ok: true, value: { email: normaliseEmail(email), password } };
}

function dropEmpty<K extends string>(errors: FieldErrors<K>): FieldErrors<K> {
	return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as FieldErrors<K>;
}
