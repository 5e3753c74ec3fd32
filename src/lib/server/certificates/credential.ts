import { SignJWT, type CryptoKey } from 'jose';
import type { Locale } from '../db/schema';
import { ALG } from './keys';

export const CONTEXTS = [
	'https://www.w3.org/ns/credentials/v2',
	'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
];
export const ISSUER_NAME = 'Lernpfad';

/** What the credential says about a certificate; the database row is the truth it is checked against. */
export interface CertificateRecord {
	code: string;
	name: string;
	issuedAt: Date;
	percent: number;
	locale: Locale;
	revokedAt: Date | null;
	/** Its bit in the revocation status list; null only for rows older than the list. */
	statusIndex: number | null;
}

export interface Achievement {
	name: string;
	description: string;
	criteria: string;
	/** The name of the overall result, in the certificate's language. */
	resultName: string;
}

export const issuerId = (origin: string) => `${origin}/`;
export const certificateUrl = (origin: string, code: string) => `${origin}/certificates/${code}`;
/** One list for every certificate (131,072 bits); a second one would be `/certificates/status/2`. */
export const statusListUrl = (origin: string) => `${origin}/certificates/status/1`;

/** A W3C Bitstring Status List entry: the certificate's bit in the published revocation list. */
export function statusEntry(origin: string, index: number) {
	const list = statusListUrl(origin);
	return {
		id: `${list}#${index}`,
		type: 'BitstringStatusListEntry',
		statusPurpose: 'revocation',
		statusListIndex: String(index),
		statusListCredential: list
	};
}

/** An Open Badges 3.0 OpenBadgeCredential (W3C VC 2.0 data model) for one certificate. */
export function buildCredential(
	record: CertificateRecord,
	origin: string,
	achievement: Achievement
) {
	const issuer = issuerId(origin);
	const validFrom = record.issuedAt.toISOString();
	const resultId = `${origin}/#overall-result`;
	return {
		'@context': CONTEXTS,
		id: certificateUrl(origin, record.code),
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		issuer: { id: issuer, type: ['Profile'], name: ISSUER_NAME, url: issuer },
		validFrom,
		awardedDate: validFrom,
		name: achievement.name,
		credentialSubject: {
			type: ['AchievementSubject'],
			// No account id leaves the app: the learner is identified by the name on the certificate.
			identifier: [
				{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: record.name }
			],
			achievement: {
				id: `${origin}/#course`,
				type: ['Achievement'],
				achievementType: 'Certificate',
				name: achievement.name,
				description: achievement.description,
				criteria: { narrative: achievement.criteria },
				inLanguage: record.locale,
				resultDescription: [
					{
						id: resultId,
						type: ['ResultDescription'],
						name: achievement.resultName,
						resultType: 'Percent',
						valueMin: '0',
						valueMax: '100'
					}
				]
			},
			result: [{ type: ['Result'], resultDescription: resultId, value: String(record.percent) }]
		},
		...(record.statusIndex === null
			? {}
			: { credentialStatus: statusEntry(origin, record.statusIndex) })
	};
}

export type Credential = ReturnType<typeof buildCredential>;

export interface SigningKey {
	kid: string;
	privateKey: CryptoKey;
}

/**
 * VC-JWT as Open Badges 3.0 describes it: the payload is the credential, plus iss, jti and nbf (and
 * exp when it has a validUntil). `typ` is "JWT", which OB 3.0 requires when present. Certificates
 * and the status list are secured the same way, here.
 */
export function signVcJwt(
	vc: { id: string; validFrom: string; validUntil?: string; [claim: string]: unknown },
	issuer: string,
	key: SigningKey
) {
	const jwt = new SignJWT(vc)
		.setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
		.setIssuer(issuer)
		.setJti(vc.id)
		.setNotBefore(Math.floor(Date.parse(vc.validFrom) / 1000));
	if (vc.validUntil) jwt.setExpirationTime(Math.floor(Date.parse(vc.validUntil) / 1000));
	return jwt.sign(key.privateKey);
}

export function signCredential(credential: Credential, key: SigningKey) {
	return signVcJwt(credential, credential.issuer.id, key);
}
