import { Marked, type Tokens } from 'marked';

/**
 * Lesson prose is Markdown. A fenced code block's info string says what the
 * learner can do with it:
 *
 *   ```sh run                       a command: click types it into the terminal
 *   ```sh                           copyable, nothing more
 *   ```dockerfile file=hello/Dockerfile   a file's content, with "open in editor"
 *
 * Raw HTML in the prose is shown as text, never run: labs may come from
 * instructors, so their Markdown is untrusted.
 */
export interface CodeBlock {
	lang: string;
	text: string;
	run: boolean;
	file?: string;
	/** Line in the Markdown where the block starts (1-based). */
	line: number;
}

export function parseInfo(info: string): { lang: string; run: boolean; file?: string } {
	const [lang = '', ...flags] = info.trim().split(/\s+/);
	const file = flags.find((f) => f.startsWith('file='))?.slice('file='.length);
	return { lang, run: flags.includes('run'), ...(file !== undefined && { file }) };
}

/** Every fenced code block in some Markdown, with its flags. */
export function codeBlocks(markdown: string): CodeBlock[] {
	const blocks: CodeBlock[] = [];
	let offset = 0;
	for (const token of new Marked().lexer(markdown)) {
		if (token.type === 'code') {
			const code = token as Tokens.Code;
			const line = markdown.slice(0, markdown.indexOf(token.raw, offset)).split('\n').length;
			blocks.push({ ...parseInfo(code.lang ?? ''), text: code.text, line });
		}
		offset += token.raw.length;
	}
	return blocks;
}

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

const SAFE_URL = /^(https?:\/\/|\/|#|\.{0,2}\/|mailto:)/i;

const marked = new Marked({
	gfm: true,
	renderer: {
		html: ({ text }) => escapeHtml(text),
		code({ text, lang }) {
			const info = parseInfo(lang ?? '');
			const attrs = [
				`class="code${info.lang ? ` language-${escapeHtml(info.lang)}` : ''}"`,
				info.run ? 'data-run' : '',
				info.file !== undefined ? `data-file="${escapeHtml(info.file)}"` : ''
			]
				.filter(Boolean)
				.join(' ');
			return `<pre ${attrs}><code>${escapeHtml(text)}</code></pre>\n`;
		},
		link({ href, title, tokens }) {
			const inner = this.parser.parseInline(tokens);
			if (!SAFE_URL.test(href)) return inner;
			const external = /^https?:/i.test(href);
			return `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ''}${external ? ' rel="noopener noreferrer" target="_blank"' : ''}>${inner}</a>`;
		},
		image({ href, text }) {
			return SAFE_URL.test(href) ? `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}">` : '';
		}
	}
});

/**
 * What lesson text may refer to as `{{name}}`: the learner's own namespace in
 * Berth's registry and its password, so prose and solutions can say
 * `docker push registry.berth:5000/{{namespace}}/hello`.
 */
export interface LessonVars {
	namespace?: string;
	password?: string;
}

export const VARIABLES = ['namespace', 'password'] as const;

/** Lesson Markdown → HTML, with `{{namespace}}` and `{{password}}` filled in. */
export function renderMarkdown(markdown: string, vars: LessonVars = {}): string {
	return marked.parse(substitute(markdown, vars), { async: false });
}

export function substitute(text: string, vars: LessonVars): string {
	return text.replace(
		/\{\{\s*(namespace|password)\s*\}\}/g,
		(_, name: 'namespace' | 'password') => vars[name] ?? `YOUR-${name.toUpperCase()}`
	);
}
