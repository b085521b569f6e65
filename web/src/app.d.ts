import type { Session } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/user';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
		}
		interface PageData {
			user: SessionUser | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
