import { describe, expect, it } from 'vitest';
import { codeBlocks, renderMarkdown, substitute } from './markdown';

describe('lesson Markdown', () => {
	it('marks runnable commands and files for the editor', () => {
		const html = renderMarkdown(
			'Run:\n\n```sh run\ndocker ps\n```\n\n```dockerfile file=app/Dockerfile\nFROM node:20\n```\n\n```sh\ncopy me\n```\n'
		);
		expect(html).toContain('<pre class="code language-sh" data-run><code>docker ps</code></pre>');
		expect(html).toContain(
			'<pre class="code language-dockerfile" data-file="app/Dockerfile"><code>FROM node:20</code></pre>'
		);
		expect(html).toContain('<pre class="code language-sh"><code>copy me</code></pre>');
	});

	it('shows raw HTML as text and drops unsafe links', () => {
		const html = renderMarkdown(
			'<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://docs.docker.com) <img src=x onerror=alert(1)>'
		);
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<img src=x');
		expect(html).not.toContain('javascript:');
		expect(html).toContain('&lt;script&gt;');
		expect(html).toContain(
			'<a href="https://docs.docker.com" rel="noopener noreferrer" target="_blank">y</a>'
		);
	});

	it('fills in the learner’s namespace and password', () => {
		expect(
			substitute('push registry.berth:5000/{{namespace}}/hello; {{ password }}', {
				namespace: 'ada',
				password: 'pw'
			})
		).toBe('push registry.berth:5000/ada/hello; pw');
		expect(substitute('{{namespace}}', {})).toBe('YOUR-NAMESPACE');
	});

	it('lists code blocks with their lines', () => {
		expect(codeBlocks('a\n\n```sh run\nls\n```\n\nb\n\n```yaml file=s/c.yml\nx: 1\n```\n')).toEqual(
			[
				{ lang: 'sh', run: true, text: 'ls', line: 3 },
				{ lang: 'yaml', run: false, file: 's/c.yml', text: 'x: 1', line: 9 }
			]
		);
	});
});
