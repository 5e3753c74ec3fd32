import * as m from '$lib/paraglide/messages';
import { auditActions, type AuditAction } from './db/schema';

/** What the audit trail can be narrowed to; dates are calendar days in the UI's time zone. */
export interface AuditFilter {
	q: string;
	action?: AuditAction;
	from?: string;
	to?: string;
}

export interface ParsedAuditFilter {
	/** What the form shows again, as typed (cut to a sane length). */
	values: { q: string; action: string; from: string; to: string };
	errors: { action?: string; from?: string; to?: string };
	/** Null when a field is wrong: the page then shows the form with its messages, not a result. */
	filter: AuditFilter | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day as YYYY-MM-DD (what `<input type="date">` sends), nothing else. */
function isDay(value: string): boolean {
	const match = DAY.exec(value);
	if (!match) return false;
	const [year, month, day] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		year >= 1970 &&
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day
	);
}

/** The GET form of /admin/audit: `q`, `action`, `from`, `to`, each checked here (V20). */
export function parseAuditFilter(params: URLSearchParams): ParsedAuditFilter {
	const field = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
	const values = {
		q: field('q', 100),
		action: field('action', 40),
		from: field('from', 20),
		to: field('to', 20)
	};
	const errors: ParsedAuditFilter['errors'] = {};
	const action = auditActions.find((a) => a === values.action);
	if (values.action && !action) errors.action = m.audit_filter_action_invalid();
	if (values.from && !isDay(values.from)) errors.from = m.audit_filter_date_invalid();
	if (values.to && !isDay(values.to)) errors.to = m.audit_filter_date_invalid();
	// ISO days compare as strings.
	if (!errors.from && !errors.to && values.from && values.to && values.to < values.from)
		errors.to = m.audit_filter_range_invalid();
	const ok = !errors.action && !errors.from && !errors.to;
	return {
		values,
		errors,
		filter: ok
			? { q: values.q, action, from: values.from || undefined, to: values.to || undefined }
			: null
	};
}
