/** The theme a visitor picked; 'system' follows the operating system. */
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];
export const THEME_COOKIE = 'berth_theme';

export function parseTheme(value: string | undefined | null): Theme {
	return themes.includes(value as Theme) ? (value as Theme) : 'system';
}
