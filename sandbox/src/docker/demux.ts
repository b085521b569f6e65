/**
 * Splits Docker's multiplexed stream (non-TTY attach and exec output) into
 * stdout and stderr. Each frame: 1 byte stream type (1 = stdout, 2 = stderr),
 * 3 bytes zero, 4 bytes big-endian length, then the payload.
 * https://docs.docker.com/engine/api/v1.41/#tag/Container/operation/ContainerAttach
 */
export class Demuxer {
	#pending: Buffer = Buffer.alloc(0);

	constructor(private readonly onFrame: (stream: 'stdout' | 'stderr', data: Buffer) => void) {}

	push(chunk: Buffer): void {
		this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
		while (this.#pending.length >= 8) {
			const size = this.#pending.readUInt32BE(4);
			if (this.#pending.length < 8 + size) break;
			const type = this.#pending[0];
			const payload = this.#pending.subarray(8, 8 + size);
			this.#pending = this.#pending.subarray(8 + size);
			this.onFrame(type === 2 ? 'stderr' : 'stdout', payload);
		}
	}
}
