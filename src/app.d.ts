import type { Session } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			id?: string;
			/** Set when the HTTP status differs from the one Kit renders (503 for an unavailable database). */
			status?: number;
			/** Where to go from the error page instead of (or besides) the home page. */
			link?: { href: string; label: string };
		}
		interface PageData {
			/** A page for a projector (the large join view): no site header or footer. */
			bare?: boolean;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			locale: 'de' | 'en';
		}
	}
}

export {};
