/**
 * Who may do what in Berth's registry, decided from the request alone.
 *
 * Two faces of one registry:
 * - "hub": engines' view of Docker Hub (registry-1.docker.io). Read-only, and
 *   only `library/*`, so `docker pull redis` and `FROM node:20` work unmodified.
 * - "berth": registry.berth:5000, where learners push. Each learner owns one
 *   namespace (`registry.berth:5000/<namespace>/<image>`); they may read and
 *   write there after `docker login`, and read `library/*`. Nobody pushes to
 *   `library/` through the gateway: the catalog is built by Berth's scripts.
 */
export type Face = 'hub' | 'berth';

export type Decision =
	{ allow: true } | { allow: false; status: 401 | 403 | 404 | 405; code: string; message: string };

export interface AccessRequest {
	face: Face;
	method: string;
	/** The path of the registry API request, e.g. /v2/library/redis/manifests/7. */
	path: string;
	/** The learner's namespace if they presented valid credentials, else null. */
	namespace: string | null;
}

const READ = new Set(['GET', 'HEAD']);
/** /v2/<name>/(manifests|blobs|tags)/... where <name> is one or more path components. */
const REPOSITORY_PATH =
	/^\/v2\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)\/(manifests|blobs|tags)(\/|$)/;

export function repositoryOf(path: string): string | null {
	return REPOSITORY_PATH.exec(path)?.[1] ?? null;
}

export function decide(request: AccessRequest): Decision {
	const { face, method, path, namespace } = request;
	if (path === '/v2/' || path === '/v2') {
		// The API version check. On Berth's face, ask for credentials so
		// `docker login` has something to check them against.
		if (face === 'berth' && !namespace && request.method === 'GET')
			return deny(401, 'UNAUTHORIZED', 'Log in with docker login registry.berth:5000');
		return { allow: true };
	}
	if (path.startsWith('/v2/_catalog'))
		return deny(403, 'DENIED', 'Listing every repository is not allowed');

	const repository = repositoryOf(path);
	if (!repository) return deny(404, 'NAME_INVALID', `Not a registry API path: ${path}`);
	const [owner] = repository.split('/');
	const reading = READ.has(method);

	if (face === 'hub') {
		if (!reading) {
			return deny(
				405,
				'UNSUPPORTED',
				'Docker Hub is read-only here: push to registry.berth:5000/<your namespace>/<image> instead'
			);
		}
		if (owner !== 'library' || repository.split('/').length !== 2) {
			return deny(
				404,
				'NAME_UNKNOWN',
				`Berth has no image ${repository}: only its own catalog (library/*) can be pulled`
			);
		}
		return { allow: true };
	}

	if (owner === 'library') {
		return reading
			? { allow: true }
			: deny(
					403,
					'DENIED',
					"library/ holds Berth's catalog and cannot be pushed to; push to registry.berth:5000/<your namespace>/<image>"
				);
	}
	if (!namespace)
		return deny(401, 'UNAUTHORIZED', 'Log in first: docker login registry.berth:5000');
	if (owner !== namespace) {
		return deny(403, 'DENIED', `${owner}/ is another learner's namespace; yours is ${namespace}/`);
	}
	return { allow: true };
}

function deny(status: 401 | 403 | 404 | 405, code: string, message: string): Decision {
	return { allow: false, status, code, message };
}

/** A namespace a learner can type: the registry's rules for one path component, kept short. */
export function isNamespace(name: string): boolean {
	return /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name) && name.length <= 40 && name !== 'library';
}
