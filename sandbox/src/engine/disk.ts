import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Each engine's disk: a sparse file holding an ext4 filesystem, loop-mounted
 * on the host and bind-mounted into the engine as /var/lib/docker (images,
 * containers, volumes) and /root (the learner's files). A learner who fills
 * their disk fills only this file, whose size is the quota; the host's disk
 * is untouched. The engine's own root filesystem is read-only (see the
 * driver), so there is nowhere else to write but memory-backed tmpfs, which
 * the engine's memory limit bounds.
 */
export interface EngineDisk {
	dockerDir: string;
	homeDir: string;
}

export interface LoopDisksOptions {
	/** One directory per service instance, e.g. /var/lib/berth/engines/default. */
	root: string;
	bytes: number;
	/** Root of the engine as the host sees it (userns-remap): owner of the files. */
	uid: number;
	gid: number;
}

export class LoopDisks {
	readonly #options: LoopDisksOptions;

	constructor(options: LoopDisksOptions) {
		this.#options = options;
		fs.mkdirSync(options.root, { recursive: true, mode: 0o700 });
	}

	async create(sessionId: string): Promise<EngineDisk> {
		const { image, mount } = this.#paths(sessionId);
		const { uid, gid, bytes } = this.#options;
		try {
			await fs.promises.rm(image, { force: true });
			await run('truncate', ['-s', String(bytes), image]);
			// Lazy init: mkfs writes almost nothing, so a disk costs ~40 ms and no space up front.
			// -m 0: no blocks reserved for root; in an engine, everyone is root.
			await run('mkfs.ext4', [
				'-q',
				'-F',
				'-m',
				'0',
				'-E',
				`lazy_itable_init=1,lazy_journal_init=1,root_owner=${uid}:${gid}`,
				image
			]);
			await fs.promises.mkdir(mount, { recursive: true, mode: 0o700 });
			await run('mount', ['-o', 'loop,nodev,nosuid', image, mount]);
			const disk = { dockerDir: path.join(mount, 'docker'), homeDir: path.join(mount, 'home') };
			for (const dir of [disk.dockerDir, disk.homeDir]) {
				await fs.promises.mkdir(dir, { mode: 0o700 });
				await fs.promises.chown(dir, uid, gid);
			}
			await seedHome(disk.homeDir, uid, gid);
			return disk;
		} catch (error) {
			await this.remove(sessionId).catch(() => {});
			throw new Error(`could not prepare the disk of engine ${sessionId}`, { cause: error });
		}
	}

	async remove(sessionId: string): Promise<void> {
		const { image, mount } = this.#paths(sessionId);
		if (isMounted(mount)) {
			try {
				await run('umount', [mount]);
			} catch {
				// Busy (a process still closing): detach now, the kernel finishes when it can.
				await run('umount', ['-l', mount]);
			}
		}
		await fs.promises.rm(mount, { recursive: true, force: true });
		await fs.promises.rm(image, { force: true });
	}

	/** Session ids that have a disk here. */
	list(): string[] {
		return fs
			.readdirSync(this.#options.root)
			.filter((name) => name.endsWith('.img'))
			.map((name) => name.slice(0, -'.img'.length));
	}

	#paths(sessionId: string) {
		if (!/^[a-z0-9_-]{1,64}$/.test(sessionId))
			throw new Error(`unsafe session id ${JSON.stringify(sessionId)}`);
		return {
			image: path.join(this.#options.root, `${sessionId}.img`),
			mount: path.join(this.#options.root, sessionId)
		};
	}
}

/** A new home gets Debian's default dotfiles, as /root in the image has. */
async function seedHome(home: string, uid: number, gid: number): Promise<void> {
	for (const name of ['.bashrc', '.profile']) {
		const source = path.join('/etc/skel', name);
		if (!fs.existsSync(source)) continue;
		const target = path.join(home, name);
		await fs.promises.copyFile(source, target);
		await fs.promises.chown(target, uid, gid);
	}
}

function isMounted(dir: string): boolean {
	const target = path.resolve(dir);
	return fs
		.readFileSync('/proc/self/mounts', 'utf8')
		.split('\n')
		.some((line) => line.split(' ')[1] === target);
}

/** The first host uid and gid of a userns-remap user (from /etc/subuid and /etc/subgid). */
export function remapRoot(user: string): { uid: number; gid: number } {
	const first = (file: string) => {
		const line = fs
			.readFileSync(file, 'utf8')
			.split('\n')
			.find((l) => l.startsWith(`${user}:`));
		if (!line) throw new Error(`${user} has no range in ${file}: run sandbox/host/setup.sh`);
		return Number(line.split(':')[1]);
	};
	return { uid: first('/etc/subuid'), gid: first('/etc/subgid') };
}
