/**
 * The site's theme, as widgets that paint their own colours (xterm, Monaco)
 * need it: resolved colours, not CSS. Berth's tokens are light-dark() values,
 * which getComputedStyle returns unresolved for custom properties, so each is
 * resolved by applying it to a real property of a probe element.
 */
export type Scheme = 'light' | 'dark';

/** The scheme in force: the visitor's pick (html[data-theme]) or the system's. */
export function currentScheme(): Scheme {
	const picked = document.documentElement.dataset.theme;
	if (picked === 'light' || picked === 'dark') return picked;
	return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Resolves `var(--name)` for each name to a #rrggbb (or #rrggbbaa) colour. */
export function resolveColors<T extends string>(
	names: readonly T[],
	within: Element = document.body
): Record<T, string> {
	const probe = document.createElement('span');
	probe.style.display = 'none';
	within.appendChild(probe);
	const out = {} as Record<T, string>;
	for (const name of names) {
		probe.style.color = `var(--${name})`;
		out[name] = cssColorToHex(getComputedStyle(probe).color) ?? '#000000';
	}
	probe.remove();
	return out;
}

/** `rgb(20, 32, 36)` or `rgba(…, 0.5)` (as getComputedStyle gives them) to hex. */
export function cssColorToHex(color: string): string | null {
	const m = /^rgba?\(\s*(\d+)[ ,]+(\d+)[ ,]+(\d+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(
		color.trim()
	);
	if (!m) return /^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(color.trim()) ? color.trim() : null;
	const hex = (n: number) =>
		Math.max(0, Math.min(255, Math.round(n)))
			.toString(16)
			.padStart(2, '0');
	const [r, g, b] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
	let alpha = '';
	if (m[4] !== undefined) {
		const a = m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
		if (a < 1) alpha = hex(a * 255);
	}
	return `#${hex(r)}${hex(g)}${hex(b)}${alpha}`;
}

/** Calls `onchange` whenever the scheme may have changed; returns a stop function. */
export function watchScheme(onchange: () => void): () => void {
	const observer = new MutationObserver(onchange);
	observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
	const media = matchMedia('(prefers-color-scheme: dark)');
	media.addEventListener('change', onchange);
	return () => {
		observer.disconnect();
		media.removeEventListener('change', onchange);
	};
}
