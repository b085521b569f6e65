/** What the browser may know about the signed-in visitor. Shared by server and client. */
export const roles = ['learner', 'instructor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface SessionUser {
	id: string;
	email: string | null;
	displayName: string | null;
	role: Role;
	isGuest: boolean;
}
