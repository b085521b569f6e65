/**
 * Every label Berth puts on Docker objects, in one place. Sweeps select by
 * MANAGED and never touch an object without it.
 */
export const LABELS = {
	/** On everything Berth creates: engine containers and the images they and learners use. */
	managed: 'org.berth.managed',
	/** What the object is: 'engine' for a learner's engine container. */
	role: 'org.berth.role',
	/** The session an engine was created for (pool engines get theirs at creation). */
	session: 'org.berth.session',
	/** Which sandbox service instance created it, so two services on one daemon keep apart. */
	instance: 'org.berth.instance'
} as const;
