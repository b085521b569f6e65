import type { ContainerState, EngineState } from './types';

/** Which containers a check is about: by name, by image, or both. */
export interface ContainerSelector {
	name?: string;
	image?: string;
}

/** "redis" matches redis, redis:latest and docker.io/library/redis:latest; "redis:7" only that tag. */
export function imageMatches(actual: string, wanted: string): boolean {
	const normalise = (ref: string) => {
		let name = ref.replace(/^docker\.io\//, '').replace(/^library\//, '');
		if (!/:[^/]+$/.test(name) && !name.includes('@')) name += ':latest';
		return name;
	};
	return normalise(actual) === normalise(wanted);
}

export function selectContainers(
	state: EngineState,
	selector: ContainerSelector
): ContainerState[] {
	return state.containers.filter(
		(c) =>
			(selector.name === undefined || c.name === selector.name) &&
			(selector.image === undefined || imageMatches(c.image, selector.image))
	);
}

/** How a learner would say which container: `web`, or "a container from `nginx`". */
export function describeSelector(selector: ContainerSelector): string {
	if (selector.name && selector.image)
		return `a container named \`${selector.name}\` from \`${selector.image}\``;
	if (selector.name) return `a container named \`${selector.name}\``;
	if (selector.image) return `a container from \`${selector.image}\``;
	return 'a container';
}
