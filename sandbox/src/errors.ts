/**
 * An error whose message is safe and useful to show the caller (and, through
 * the site, a learner): it names what was wrong. Anything else is internal,
 * logged with its cause, and answered with a generic 500.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		options?: ErrorOptions
	) {
		super(message, options);
		this.name = 'ApiError';
	}
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} does not exist`);
export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
