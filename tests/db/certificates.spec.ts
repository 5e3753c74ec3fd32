import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { certificate, mailOutbox, signingKey, user } from '../../src/lib/server/db/schema';
import {
	ensureCertificate,
	findCertificate,
	findCertificateOfUser,
	revokeCertificate
} from '../../src/lib/server/certificates/issue';
import {
	credentialJwt,
	publicView,
	statusListJwt,
	verifyCredential
} from '../../src/lib/server/certificates/documents';
import { readRevocation, revocationEntry } from '../../src/lib/server/certificates/status-list';
import { decodeJwt } from 'jose';
import { loadSigningKeys, newPrivateJwk } from '../../src/lib/server/certificates/keys';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseAnswers, trueFalseQuiz } from './quiz-fixtures';
import { createAttempt, questionsOf, submitAttempt } from '../../src/lib/server/progress';
import { gradeQuiz } from '../../src/lib/server/quiz/grade';

const quiz = trueFalseQuiz(5);
const lessons = ['one', 'two', 'three'];
const origin = 'https://lernpfad.example.org';

/** Submits one attempt with `right` of 5 answers right (4 or 5 pass at 80 %). */
async function attempt(db: Db, userId: string, lesson: string, right = 5) {
	const { submitted } = await takeQuiz(db, {
		userId,
		lesson,
		quiz,
		right: (_, i) => i < right,
		course: { lessons, locale: 'de' }
	});
	return submitted;
}

describe.each(drivers)('certificates on %s', (kind) => {
	let t: TestDatabase;
	let n = 0;
	const learner = async (locale: 'de' | 'en' | null = null, name = 'Zoë Müller-Łukasiewicz') =>
		(await createUser(t.db, {
			email: `c${++n}-${kind}@example.com`,
			name,
			password: 'certificate-pass',
			locale
		}))!;

	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	it('issues one certificate when the last lesson is passed: name, locale, mean of best results', async () => {
		const u = await learner();
		await attempt(t.db, u.id, 'one', 5); // 100 %
		await attempt(t.db, u.id, 'two', 4); // 80 %
		await attempt(t.db, u.id, 'three', 2); // 40 %, not passed
		expect(await findCertificateOfUser(t.db, u.id)).toBeUndefined();
		await attempt(t.db, u.id, 'three', 4); // 80 %: course complete
		const cert = (await findCertificateOfUser(t.db, u.id))!;
		expect(cert.nameOnCertificate).toBe('Zoë Müller-Łukasiewicz');
		expect(cert.locale).toBe('de');
		expect(cert.percent).toBe(86); // (100 + 80 + 80) / 3 = 86.67, rounded down
		expect(cert.code).toMatch(/^[a-z2-7]{32}$/);
		// A better retake later changes nothing, and a rename keeps the name on the certificate.
		await t.db.update(user).set({ name: 'Renamed' }).where(eq(user.id, u.id));
		await attempt(t.db, u.id, 'two', 5);
		const again = await t.db.select().from(certificate).where(eq(certificate.userId, u.id));
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({
			code: cert.code,
			nameOnCertificate: cert.nameOnCertificate,
			percent: 86
		});
	});

	it('uses the learner’s chosen language over the request’s', async () => {
		const u = await learner('en');
		for (const lesson of lessons) await attempt(t.db, u.id, lesson);
		expect((await findCertificateOfUser(t.db, u.id))!.locale).toBe('en');
	});

	it('a final attempt submitted twice at once (two tabs, a double click) issues one certificate', async () => {
		// Two open attempts of one lesson cannot exist (unique index): the race left is one attempt
		// submitted twice.
		const users = await Promise.all(Array.from({ length: 5 }, () => learner()));
		await Promise.all(
			users.map(async (u) => {
				await attempt(t.db, u.id, 'one');
				await attempt(t.db, u.id, 'two');
				const open = await createAttempt(t.db, u.id, 'three', quiz);
				const questions = questionsOf(open, quiz)!;
				const responses = trueFalseAnswers(questions, () => true);
				const submission = {
					attempt: open,
					questions,
					responses,
					grade: gradeQuiz(questions, responses, 80),
					passPercent: 80,
					course: { lessons, locale: 'de' as const }
				};
				const done = await Promise.all([
					submitAttempt(t.db, submission),
					submitAttempt(t.db, submission)
				]);
				expect(done.filter(Boolean)).toHaveLength(1);
			})
		);
		for (const u of users) {
			const rows = await t.db.select().from(certificate).where(eq(certificate.userId, u.id));
			expect(rows).toHaveLength(1);
		}
	});

	it('two racing final attempts on the two last lessons issue exactly one (neither misses the other)', async () => {
		const users = await Promise.all(Array.from({ length: 8 }, () => learner()));
		await Promise.all(
			users.map(async (u) => {
				await attempt(t.db, u.id, 'one');
				await Promise.all([attempt(t.db, u.id, 'two'), attempt(t.db, u.id, 'three')]);
			})
		);
		for (const u of users) {
			const rows = await t.db.select().from(certificate).where(eq(certificate.userId, u.id));
			expect(rows).toHaveLength(1);
		}
	});

	it('issues a missing certificate for a learner who passed everything before (once)', async () => {
		const u = await learner();
		for (const lesson of lessons) {
			// Without `course`: as before certificates existed.
			await takeQuiz(t.db, { userId: u.id, lesson, quiz, right: () => true });
		}
		expect(await findCertificateOfUser(t.db, u.id)).toBeUndefined();
		const completion = { userId: u.id, lessons, locale: 'en' as const };
		const [a, b] = await Promise.all([
			ensureCertificate(t.db, completion),
			ensureCertificate(t.db, completion)
		]);
		expect(a!.code).toBe(b!.code);
		expect(a!.percent).toBe(100);
		const partial = await learner();
		await attempt(t.db, partial.id, 'one');
		expect(await ensureCertificate(t.db, { ...completion, userId: partial.id })).toBeUndefined();
	});

	it('revocation: admins only, with a reason the public does not see; the lookup and the credential check say revoked', async () => {
		const u = await learner();
		for (const lesson of lessons) await attempt(t.db, u.id, lesson);
		const cert = (await findCertificateOfUser(t.db, u.id))!;
		const admin = await learner(null, 'Admin');
		await t.db.update(user).set({ role: 'admin' }).where(eq(user.id, admin.id));
		const jwt = await credentialJwt(t.db, cert, origin);
		expect((await verifyCredential(t.db, jwt, origin)).valid).toBe(true);

		expect(await revokeCertificate(t.db, cert.code, 'cheated', u.id)).toBe('forbidden');
		expect((await findCertificate(t.db, cert.code))!.revokedAt).toBeNull();
		const when = new Date('2026-05-01T12:00:00Z');
		expect(await revokeCertificate(t.db, cert.code, '  Copied answers  ', admin.id, when)).toBe(
			'revoked'
		);
		expect(await revokeCertificate(t.db, cert.code, 'again', admin.id)).toBe('already_revoked');
		expect(await revokeCertificate(t.db, 'a'.repeat(32), 'x', admin.id)).toBe('not_found');

		const revoked = (await findCertificate(t.db, cert.code))!;
		expect(revoked.revokedAt?.toISOString()).toBe(when.toISOString());
		expect(revoked.revokedReason).toBe('Copied answers');
		expect(publicView(revoked, 'en', false)).toMatchObject({
			revoked: 'May 1, 2026',
			reason: null
		});
		expect(publicView(revoked, 'de', true)).toMatchObject({
			revoked: '1. Mai 2026',
			reason: 'Copied answers'
		});
		// Nothing that identifies the account reaches the public view.
		const view = JSON.stringify(publicView(revoked, 'en', true));
		expect(view).not.toContain(u.id);
		expect(view).not.toContain(u.email);

		const check = await verifyCredential(t.db, jwt, origin);
		expect(check).toMatchObject({
			signature: 'pass',
			record: 'pass',
			status: 'fail',
			valid: false
		});
	});

	it('tells the holder of a revoked certificate, in their language, once and without the reason (V27)', async () => {
		const u = await learner('en', 'Greta Gone');
		for (const lesson of lessons) await attempt(t.db, u.id, lesson);
		const cert = (await findCertificateOfUser(t.db, u.id))!;
		const admin = await learner(null, 'Admin Two');
		await t.db.update(user).set({ role: 'admin' }).where(eq(user.id, admin.id));
		const mails = () => t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, u.email));
		expect(await mails()).toHaveLength(0);

		const when = new Date('2026-05-01T12:00:00Z');
		await revokeCertificate(t.db, cert.code, 'secret reason', admin.id, when, origin);
		await revokeCertificate(t.db, cert.code, 'again', admin.id);
		const [mail, ...more] = await mails();
		expect(more).toHaveLength(0);
		expect(mail.subject).toContain('Your certificate was revoked');
		expect(mail.text).toContain(`your certificate ${cert.code} was revoked on May 1, 2026`);
		expect(mail.text).toContain(`${origin}/certificates/${cert.code}`);
		expect(mail.text + mail.html).not.toContain('secret reason');
	});

	it('gives every certificate its own random bit in the status list, drawing again on a taken one', async () => {
		const issued = [];
		for (let i = 0; i < 4; i++) {
			const u = await learner();
			for (const lesson of lessons) await attempt(t.db, u.id, lesson);
			issued.push((await findCertificateOfUser(t.db, u.id))!);
		}
		const indexes = issued.map((c) => c.statusIndex!);
		for (const i of indexes) expect(i).toSatisfy((n: number) => n >= 0 && n < 131_072);
		expect(new Set(indexes).size).toBe(indexes.length);

		// The draw hits taken bits twice, then a free one: the issue still succeeds, on the free one.
		const passedAll = async () => {
			const u = await learner();
			for (const lesson of lessons) {
				await takeQuiz(t.db, { userId: u.id, lesson, quiz, right: () => true });
			}
			return u;
		};
		const u = await passedAll();
		const draws = [indexes[0], indexes[1], 77_777];
		const cert = await ensureCertificate(t.db, {
			userId: u.id,
			lessons,
			locale: 'en',
			drawStatusIndex: () => draws.shift()!
		});
		expect(cert!.statusIndex).toBe(77_777);
		// Only taken bits drawn: after a few draws a free bit is picked by a query instead.
		const unlucky = await passedAll();
		const fallback = await ensureCertificate(t.db, {
			userId: unlucky.id,
			lessons,
			locale: 'en',
			drawStatusIndex: () => indexes[0]
		});
		expect(fallback!.statusIndex).not.toBeNull();
		expect([...indexes, 77_777]).not.toContain(fallback!.statusIndex);
		// Two issues racing for the same bit: one gets it, the other draws again.
		const [a, b] = [await passedAll(), await passedAll()];
		const racing = (userId: string, draws: number[]) =>
			ensureCertificate(t.db, {
				userId,
				lessons,
				locale: 'en',
				drawStatusIndex: () => draws.shift()!
			});
		const raced = await Promise.all([racing(a.id, [500, 502]), racing(b.id, [500, 501])]);
		expect(raced.map((c) => c!.statusIndex).sort()).toEqual(expect.arrayContaining([500]));
		expect(new Set(raced.map((c) => c!.statusIndex)).size).toBe(2);
	});

	it('revoking flips the certificate’s bit in the signed status list at once; an old row gets a bit on download', async () => {
		const u = await learner();
		for (const lesson of lessons) await attempt(t.db, u.id, lesson);
		const admin = await learner(null, 'Admin');
		await t.db.update(user).set({ role: 'admin' }).where(eq(user.id, admin.id));
		// A row from before the list (the migration gives every row a bit; this covers one without).
		await t.db.update(certificate).set({ statusIndex: null }).where(eq(certificate.userId, u.id));
		const old = (await findCertificateOfUser(t.db, u.id))!;
		const jwt = await credentialJwt(t.db, old, origin);
		const cert = (await findCertificate(t.db, old.code))!;
		expect(cert.statusIndex).not.toBeNull();
		const entry = revocationEntry(decodeJwt(jwt).credentialStatus)!;
		expect(entry).toEqual({ index: cert.statusIndex, url: `${origin}/certificates/status/1` });
		// Downloading again keeps the bit.
		const again = revocationEntry(
			decodeJwt(await credentialJwt(t.db, cert, origin)).credentialStatus
		);
		expect(again).toEqual(entry);

		const { jwks } = await loadSigningKeys(t.db);
		const read = async () =>
			readRevocation(entry, await statusListJwt(t.db, origin), { jwks, issuer: `${origin}/` });
		expect(await read()).toBe('active');
		expect(await verifyCredential(t.db, jwt, origin)).toMatchObject({
			status: 'pass',
			statusList: 'active',
			valid: true
		});
		expect(await revokeCertificate(t.db, cert.code, 'fraud', admin.id)).toBe('revoked');
		expect(await read()).toBe('revoked');
		expect(await verifyCredential(t.db, jwt, origin)).toMatchObject({
			signature: 'pass',
			status: 'fail',
			statusList: 'revoked',
			valid: false
		});
	});

	it('keeps one signing key for every process; a configured key signs and the stored ones still verify', async () => {
		const fresh = await freshDatabase(kind);
		try {
			// PGlite allows one process per directory; on PostgreSQL two connections race for the first key.
			const other = kind === 'postgres' ? await fresh.reopen() : fresh;
			const loaded = await Promise.all([loadSigningKeys(fresh.db), loadSigningKeys(other.db)]);
			expect(loaded[0].kid).toBe(loaded[1].kid);
			expect(await fresh.db.select().from(signingKey)).toHaveLength(1);
			const stored = loaded[0].kid;
			const configured = JSON.stringify({ ...(await newPrivateJwk()), kid: 'configured-2026' });
			const keys = await loadSigningKeys(fresh.db, configured);
			expect(keys.kid).toBe('configured-2026');
			expect(keys.jwks.keys.map((k) => k.kid)).toEqual(['configured-2026', stored]);
			for (const key of keys.jwks.keys) expect(key).not.toHaveProperty('d');
			await expect(loadSigningKeys(fresh.db, '{"kty":"OKP"}')).rejects.toThrow(
				/CREDENTIAL_SIGNING_KEY/
			);
		} finally {
			await fresh.destroy();
		}
	});
});
