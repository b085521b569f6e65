import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	params: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: Handler;
}

/**
 * Method + path routing with :params and a trailing * (kept as params.rest).
 * Deliberately tiny: the API has a dozen routes.
 */
export class Router {
	readonly #routes: Route[] = [];

	on(method: string, path: string, handler: Handler): this {
		const keys: string[] = [];
		const source = path
			.split('/')
			.map((part) => {
				if (part === '*') {
					keys.push('rest');
					return '(.*)';
				}
				if (part.startsWith(':')) {
					keys.push(part.slice(1));
					return '([^/]+)';
				}
				return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			})
			.join('/');
		this.#routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
		return this;
	}

	/** The handler for a request, or why there is none (404, or 405 with the allowed methods). */
	match(
		method: string,
		pathname: string
	):
		{ handler: Handler; params: Record<string, string> } | { status: 404 | 405; allow?: string[] } {
		const allowed: string[] = [];
		for (const route of this.#routes) {
			const m = route.pattern.exec(pathname);
			if (!m) continue;
			if (route.method !== method && route.method !== '*') {
				allowed.push(route.method);
				continue;
			}
			const params: Record<string, string> = {};
			route.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1] ?? '')));
			return { handler: route.handler, params };
		}
		return allowed.length ? { status: 405, allow: allowed } : { status: 404 };
	}
}
