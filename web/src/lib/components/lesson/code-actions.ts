/**
 * Adds buttons to a lesson's code blocks (rendered by lessons/markdown.ts):
 * "Run" on `pre[data-run]` types the command into the terminal, "Open" on
 * `pre[data-file]` opens that file in the editor, and every block gets
 * "Copy". Re-applied whenever the prose changes.
 */
export interface CodeActions {
	run: (command: string) => void;
	open: (path: string) => void;
}

export function codeActions(node: HTMLElement, actions: CodeActions) {
	let current = actions;
	const enhance = () => {
		for (const pre of node.querySelectorAll<HTMLPreElement>('pre.code')) {
			if (pre.dataset.enhanced) continue;
			pre.dataset.enhanced = 'true';
			const text = pre.querySelector('code')?.textContent ?? '';
			const bar = document.createElement('div');
			bar.className = 'code-actions';
			if (pre.hasAttribute('data-run'))
				bar.append(button('Run', 'Type this command into the terminal', () => current.run(text)));
			const file = pre.dataset.file;
			if (file)
				bar.append(button('Open', `Open ~/${file} in the editor`, () => current.open(file)));
			bar.append(
				button('Copy', 'Copy to the clipboard', async (b) => {
					await navigator.clipboard.writeText(text);
					b.textContent = 'Copied';
					setTimeout(() => (b.textContent = 'Copy'), 1500);
				})
			);
			pre.prepend(bar);
		}
	};
	enhance();
	const observer = new MutationObserver(enhance);
	observer.observe(node, { childList: true, subtree: true });
	return {
		update(next: CodeActions) {
			current = next;
		},
		destroy() {
			observer.disconnect();
		}
	};
}

function button(label: string, title: string, onclick: (b: HTMLButtonElement) => void) {
	const b = document.createElement('button');
	b.type = 'button';
	b.textContent = label;
	b.title = title;
	b.setAttribute('aria-label', title);
	b.addEventListener('click', () => onclick(b));
	return b;
}
