import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import type { UpgradeHandler } from './web/src/lib/server/upgrade';

/**
 * In production, web/server/main.ts hands WebSocket upgrades to the app. This
 * plugin does the same for `vite dev`, so terminals work in development too.
 */
function websocketUpgrades(): Plugin {
	return {
		name: 'berth-websocket-upgrades',
		configureServer(server) {
			server.httpServer?.on('upgrade', async (req, socket, head) => {
				// Leave Vite's own HMR socket alone.
				if (!req.url?.startsWith('/ws/')) return;
				const mod = await server.ssrLoadModule('/web/src/lib/server/upgrade.ts');
				(mod.handleUpgrade as UpgradeHandler)(req, socket, head);
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), websocketUpgrades()],
	server: { port: 3000, strictPort: true },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: [
						'web/src/**/*.test.ts',
						'scripts/**/*.test.ts',
						'lessons/**/*.test.ts',
						'sandbox/src/**/*.test.ts'
					],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'sandbox',
					include: ['test/sandbox/**/*.test.ts'],
					environment: 'node',
					// Engines are heavy for two cores: one test file at a time.
					fileParallelism: false,
					// Within a file, at most three engines work at once (the lessons' solutions).
					maxConcurrency: 3,
					testTimeout: 180_000,
					hookTimeout: 180_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.ts'],
					environment: 'node',
					// One browser and one server at a time: this machine has two cores.
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
