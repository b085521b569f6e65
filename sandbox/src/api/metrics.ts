import type { SessionManager } from '../sessions/manager';
import type { TerminalHub } from '../terminal/hub';

/** Prometheus text exposition of the service's state and recent latencies. */
export function metricsText(manager: SessionManager, terminals: TerminalHub): string {
	const { stats } = manager;
	const { tabs, sockets } = terminals.counts();
	const lines: string[] = [];
	const metric = (
		name: string,
		type: string,
		help: string,
		samples: [string, number | undefined][]
	) => {
		lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
		for (const [labels, value] of samples)
			if (value !== undefined) lines.push(`${name}${labels} ${value}`);
	};
	const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
	metric('berth_sandbox_sessions', 'gauge', 'Sessions with a running engine.', [
		['', manager.size]
	]);
	metric('berth_sandbox_pool_engines', 'gauge', 'Started engines waiting for a session.', [
		['', manager.poolSize]
	]);
	metric('berth_sandbox_sessions_created_total', 'counter', 'Sessions created.', [
		['{source="pool"}', stats.createdWarm],
		['{source="cold"}', stats.created - stats.createdWarm]
	]);
	metric('berth_sandbox_engine_failures_total', 'counter', 'Engines that failed to start.', [
		['', stats.failures]
	]);
	metric('berth_sandbox_swept_total', 'counter', 'Leftover engines removed by the sweeper.', [
		['', stats.swept]
	]);
	metric(
		'berth_sandbox_session_create_seconds',
		'summary',
		'Session create to ready, recent window.',
		[
			['{quantile="0.5"}', seconds(stats.createMs.quantile(0.5))],
			['{quantile="0.95"}', seconds(stats.createMs.quantile(0.95))]
		]
	);
	metric(
		'berth_sandbox_engine_start_seconds',
		'summary',
		'Engine container start to its dockerd answering, recent window.',
		[
			['{quantile="0.5"}', seconds(stats.engineStartMs.quantile(0.5))],
			['{quantile="0.95"}', seconds(stats.engineStartMs.quantile(0.95))]
		]
	);
	metric('berth_sandbox_terminal_tabs', 'gauge', 'Open terminal tabs.', [['', tabs]]);
	metric('berth_sandbox_terminal_sockets', 'gauge', 'WebSockets attached to terminal tabs.', [
		['', sockets]
	]);
	return lines.join('\n') + '\n';
}
