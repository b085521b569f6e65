import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BERTH_BUILD_DIR builds elsewhere than build/ (and .svelte-kit/), so two
// checkouts' worth of work can build and test side by side on one machine.
const buildDir = process.env.BERTH_BUILD_DIR;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ out: buildDir ? `${buildDir}/build` : 'build' }),
		...(buildDir && { outDir: `${buildDir}/.svelte-kit` }),
		files: {
			src: 'web/src',
			assets: 'web/static'
		},
		// SvelteKit adds hashes or nonces for its own inline scripts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				// wasm-unsafe-eval lets WebAssembly compile (asciinema-player's terminal, on the
				// replay page), and nothing else: eval() and inline scripts stay refused.
				'script-src': ['self', 'wasm-unsafe-eval'],
				// Svelte sets style attributes (transitions, app.html's wrapper).
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
