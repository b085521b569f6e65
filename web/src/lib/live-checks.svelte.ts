import type { EngineView } from '../../../lessons/engine-view';

export type { EngineView };

export interface CheckVerdict {
	pass: boolean;
	message: string;
}

/**
 * The page's end of /ws/checks: which step to watch goes up, verdicts and the
 * engine's picture come down. Reconnects by itself (with backoff) after a
 * dropped connection or a server restart, and re-sends the step.
 */
export class LiveChecks {
	checks = $state<CheckVerdict[] | null>(null);
	pass = $state(false);
	/** The step has passed at least once (recorded on the server). */
	completed = $state(false);
	engine = $state<EngineView | null>(null);
	connected = $state(false);
	error = $state<string | null>(null);
	/** How many containers the engine had when first seen (leftovers from earlier work). */
	firstContainers = $state<number | null>(null);
	/** The learner declined (or took) the offer of a fresh engine. */
	offerDismissed = $state(false);

	#lesson: string;
	#step: string;
	#ws: WebSocket | undefined;
	#closed = false;
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#soon: ReturnType<typeof setTimeout> | undefined;
	#later: ReturnType<typeof setTimeout> | undefined;
	#oncomplete: (step: string) => void;

	constructor(lesson: string, step: string, oncomplete: (step: string) => void = () => {}) {
		this.#lesson = lesson;
		this.#step = step;
		this.#oncomplete = oncomplete;
		this.#connect();
	}

	/** Watch another step of the lesson. */
	watch(step: string) {
		if (step === this.#step) return;
		this.#step = step;
		this.checks = null;
		this.pass = false;
		this.completed = false;
		this.#send({ type: 'step', step });
	}

	/** Check again now (e.g. a file was saved). */
	nudge() {
		this.#send({ type: 'nudge' });
	}

	/**
	 * The learner pressed Enter in the terminal: a command may have changed
	 * what no Docker event announces (a file, the shell's history). Check
	 * when it has probably finished, and once more a little later.
	 */
	commandRan() {
		clearTimeout(this.#soon);
		clearTimeout(this.#later);
		this.#soon = setTimeout(() => this.nudge(), 400);
		this.#later = setTimeout(() => this.nudge(), 1500);
	}

	/** Start again, e.g. on a new engine (the server binds a socket to one). */
	reconnect() {
		this.#ws?.close();
	}

	close() {
		this.#closed = true;
		clearTimeout(this.#timer);
		clearTimeout(this.#soon);
		clearTimeout(this.#later);
		this.#ws?.close();
	}

	#send(message: unknown) {
		if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(message));
	}

	#connect() {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		const ws = new WebSocket(
			`${scheme}://${location.host}/ws/checks?lesson=${encodeURIComponent(this.#lesson)}`
		);
		this.#ws = ws;
		ws.onopen = () => {
			this.#attempt = 0;
			this.connected = true;
			this.error = null;
			ws.send(JSON.stringify({ type: 'step', step: this.#step }));
		};
		ws.onmessage = (event) => {
			const message = JSON.parse(String(event.data));
			if (message.type === 'result' && message.step === this.#step) {
				this.checks = message.checks;
				this.pass = message.pass;
				if (message.completed && !this.completed) {
					this.completed = true;
					this.#oncomplete(message.step);
				}
			} else if (message.type === 'engine') {
				this.engine = message.engine;
				this.firstContainers ??= message.engine.containers.length;
			} else if (message.type === 'error') this.error = message.message;
		};
		ws.onclose = () => {
			this.connected = false;
			if (this.#closed) return;
			const delay = Math.min(500 * 2 ** this.#attempt++, 8000);
			this.#timer = setTimeout(() => this.#connect(), delay);
		};
	}
}
