/**
 * Dates as people type and read them. A `datetime-local` input holds a wall
 * time with no zone ("2030-01-15T17:00"); the form sends the browser's IANA
 * time zone beside it, and the server turns the pair into an instant. A zone
 * name, not an offset: the offset on the due date may differ from today's
 * (summer time).
 */

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Whether `zone` is a time zone this runtime knows, e.g. "Europe/Paris" or "UTC". */
export function isTimeZone(zone: string): boolean {
	if (!zone) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** The browser's (or server's) own time zone. */
export function ownTimeZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

interface Wall {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** The wall-clock reading of `at` in `zone`. */
function wallIn(at: Date, zone: string): Wall {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(at);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return {
		year: get('year'),
		month: get('month'),
		day: get('day'),
		hour: get('hour'),
		minute: get('minute'),
		second: get('second')
	};
}

const utcOf = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** How far `zone` is ahead of UTC at the instant `at`, in milliseconds. */
function offsetAt(at: number, zone: string): number {
	const whole = Math.floor(at / 1000) * 1000;
	return utcOf(wallIn(new Date(whole), zone)) - whole;
}

/**
 * The instant a wall time ("YYYY-MM-DDTHH:mm") names in `zone`, or null when
 * it is not a real date and time. A time skipped by a summer-time change
 * lands just after the change.
 */
export function fromLocalInput(value: string, zone: string): Date | null {
	const m = WALL_TIME.exec(value.trim());
	if (!m) return null;
	const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
		number,
		number,
		number,
		number,
		number,
		number
	];
	const wall = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(wall);
	// Date.UTC rolls 31 April over into 1 May: refuse it instead.
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59)
		return null;
	// The offset depends on the instant, which depends on the offset: two
	// rounds settle it, also on the day the clocks change.
	let at = wall - offsetAt(wall, zone);
	at = wall - offsetAt(at, zone);
	return new Date(at);
}

/** What a `datetime-local` input shows for `at` in `zone`: "YYYY-MM-DDTHH:mm". */
export function toLocalInput(at: Date | string, zone: string): string {
	const w = wallIn(new Date(at), zone);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
	['year', 365 * 24 * 3600e3],
	['month', 30 * 24 * 3600e3],
	['week', 7 * 24 * 3600e3],
	['day', 24 * 3600e3],
	['hour', 3600e3],
	['minute', 60e3]
];

/** "in 3 days", "2 hours ago", "now": the largest unit that fits. */
export function relativeTime(at: Date | string, now: Date = new Date()): string {
	const diff = new Date(at).getTime() - now.getTime();
	const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
	for (const [unit, ms] of UNITS) {
		if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
	}
	return 'now';
}

/**
 * Formatters are costly to make (a gradebook shows thousands of times), so
 * each kind is made once: `local` in the reader's zone and locale, otherwise
 * in UTC as the server renders it.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatInstant(at: Date, options: { dateOnly?: boolean; local: boolean }): string {
	const key = `${options.dateOnly ? 'date' : 'datetime'}/${options.local ? 'local' : 'utc'}`;
	let format = formatters.get(key);
	if (!format) {
		const style: Intl.DateTimeFormatOptions = options.dateOnly
			? { dateStyle: 'medium' }
			: { dateStyle: 'medium', timeStyle: 'short' };
		format = options.local
			? new Intl.DateTimeFormat(undefined, style)
			: new Intl.DateTimeFormat('en-GB', { ...style, timeZone: 'UTC' });
		formatters.set(key, format);
	}
	return format.format(at) + (options.local || options.dateOnly ? '' : ' UTC');
}
