import { formatIssueDate } from '$lib/certificates/format';
import { db } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/session';
import { ensureCertificate, findCertificateOfUser } from '$lib/server/certificates/issue';
import { certificateUrl } from '$lib/server/certificates/credential';
import { getCourse } from '$lib/server/content';
import type { Locale } from '$lib/server/db/schema';

/** LinkedIn's "add certification" form, filled in (https://www.linkedin.com/profile/add). */
export function linkedInUrl(c: { name: string; issuedAt: Date; url: string; code: string }) {
	const params: Record<string, string> = {
		startTask: 'CERTIFICATION_NAME',
		name: c.name,
		organizationName: 'Lernpfad',
		issueYear: String(c.issuedAt.getUTCFullYear()),
		issueMonth: String(c.issuedAt.getUTCMonth() + 1),
		certUrl: c.url,
		certId: c.code
	};
	const query = Object.entries(params)
		.map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
		.join('&');
	return `https://www.linkedin.com/profile/add?${query}`;
}

/** The learner's own certificate for /learn; issued here for anyone who passed everything before. */
export async function certificateForLearner(
	user: SessionUser,
	locale: Locale,
	origin: string,
	allPassed: boolean
) {
	const course = getCourse();
	const row =
		(await findCertificateOfUser(db(), user.id)) ??
		(allPassed
			? await ensureCertificate(db(), {
					userId: user.id,
					lessons: course.lessons.map((l) => l.slug),
					locale
				})
			: undefined);
	if (!row) return null;
	const url = certificateUrl(origin, row.code);
	return {
		code: row.code,
		name: row.nameOnCertificate,
		percent: row.percent,
		issued: formatIssueDate(row.issuedAt, locale),
		revoked: row.revokedAt ? formatIssueDate(row.revokedAt, locale) : null,
		url,
		linkedIn: linkedInUrl({
			name: course.title[locale],
			issuedAt: row.issuedAt,
			url,
			code: row.code
		})
	};
}
