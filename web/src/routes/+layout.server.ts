import { parseTheme, THEME_COOKIE } from '$lib/theme';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, cookies }) => {
	return {
		user: locals.user,
		theme: parseTheme(cookies.get(THEME_COOKIE))
	};
};
