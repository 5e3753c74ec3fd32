import { formatIssueDate } from '$lib/certificates/format';
import * as m from '$lib/paraglide/messages';
import { ensureStatusIndex, findCertificate, revokedStatusIndexes } from './issue';
import { getCourse } from '../content';
import type { Db } from '../db';
import type { Certificate, Locale } from '../db/schema';
import {
	buildCredential,
	certificateUrl,
	issuerId,
	signCredential,
	statusListUrl,
	type Achievement,
	type CertificateRecord
} from './credential';
import { signingKeys } from './keys';
import { certificatePdf } from './pdf';
import { buildStatusList, signStatusList } from './status-list';
import { checkCredential } from './verify';

/** What a certificate says — never whose account it belongs to. */
export function recordOf(row: Certificate): CertificateRecord {
	return {
		code: row.code,
		name: row.nameOnCertificate,
		issuedAt: row.issuedAt,
		percent: row.percent,
		locale: row.locale,
		revokedAt: row.revokedAt,
		statusIndex: row.statusIndex
	};
}

export function achievementOf(locale: Locale): Achievement {
	const course = getCourse();
	return {
		name: m.cert_achievement_name({ course: course.title[locale] }, { locale }),
		description: course.description[locale],
		criteria: m.cert_achievement_criteria(
			{ lessons: course.lessons.length, percent: course.passPercent },
			{ locale }
		),
		resultName: m.cert_result_name({}, { locale })
	};
}

/** The public page's view, in the reader's language; the revocation reason only for admins. */
export function publicView(row: Certificate, locale: Locale, admin: boolean) {
	const course = getCourse();
	return {
		code: row.code,
		name: row.nameOnCertificate,
		course: course.title[locale],
		lessons: course.lessons.length,
		issued: formatIssueDate(row.issuedAt, locale),
		percent: row.percent,
		revoked: row.revokedAt ? formatIssueDate(row.revokedAt, locale) : null,
		reason: admin ? row.revokedReason : null
	};
}

export async function credentialJwt(db: Db, row: Certificate, origin: string) {
	const record = { ...recordOf(row), statusIndex: await ensureStatusIndex(db, row) };
	const credential = buildCredential(record, origin, achievementOf(row.locale));
	return signCredential(credential, await signingKeys(db));
}

/** The revocation status list as it stands now, signed: built per request, so any process serves it. */
export async function statusListJwt(db: Db, origin: string, now = new Date()) {
	const list = buildStatusList(
		statusListUrl(origin),
		issuerId(origin),
		await revokedStatusIndexes(db),
		now
	);
	return signStatusList(list, await signingKeys(db));
}

/** The PDF in the viewer's language (W19); what it certifies is the same in either. */
export function certificatePdfOf(row: Certificate, origin: string, locale: Locale = row.locale) {
	const course = getCourse();
	return certificatePdf({
		record: { ...recordOf(row), locale },
		courseTitle: course.title[locale],
		lessonCount: course.lessons.length,
		url: certificateUrl(origin, row.code)
	});
}

/**
 * Signature against our published keys, claims against the database row, and revocation both in
 * the database and through the published status list (built here rather than fetched over HTTP,
 * then read by the same code a third party runs on the fetched one).
 */
export async function verifyCredential(db: Db, jwt: string, origin: string) {
	const { jwks } = await signingKeys(db);
	return checkCredential(jwt, {
		jwks,
		origin,
		statusList: (url) => (url === statusListUrl(origin) ? statusListJwt(db, origin) : undefined),
		lookup: async (code) => {
			const row = await findCertificate(db, code);
			return row && recordOf(row);
		}
	});
}
