/**
 * Monaco, bundled by Vite (no CDN: Berth's machines may have no internet).
 * Import this module only with `import('./monaco')`: it is large, and pages
 * without an editor should not pay for it.
 *
 * Workers are built by Vite from the `?worker` imports below
 * (https://github.com/microsoft/monaco-editor/blob/main/docs/integrate-esm.md).
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import CssWorker from 'monaco-editor/language/css/css.worker?worker';
import HtmlWorker from 'monaco-editor/language/html/html.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import { currentScheme, resolveColors } from '../terminal/site-theme';

self.MonacoEnvironment = {
	getWorker(_id: string, label: string) {
		if (label === 'json') return new JsonWorker();
		if (label === 'css' || label === 'scss' || label === 'less') return new CssWorker();
		if (label === 'html' || label === 'handlebars' || label === 'razor') return new HtmlWorker();
		if (label === 'typescript' || label === 'javascript') return new TsWorker();
		return new EditorWorker();
	}
};

export { monaco };

/** Monaco themes in Berth's colours, for the scheme in force; sets the one that applies. */
export function applySiteTheme(within: Element): void {
	const scheme = currentScheme();
	const c = resolveColors(
		['bg-raised', 'fg', 'fg-muted', 'border', 'accent', 'accent-soft', 'bg-sunken'],
		within
	);
	monaco.editor.defineTheme('berth', {
		base: scheme === 'dark' ? 'vs-dark' : 'vs',
		inherit: true,
		rules: [],
		colors: {
			'editor.background': c['bg-raised'],
			'editor.foreground': c.fg,
			'editorLineNumber.foreground': c['fg-muted'],
			'editorLineNumber.activeForeground': c.fg,
			'editor.lineHighlightBackground': c['bg-sunken'],
			'editorCursor.foreground': c.accent,
			'editor.selectionBackground': c['accent-soft'],
			'editorWidget.border': c.border
		}
	});
	monaco.editor.setTheme('berth');
}
