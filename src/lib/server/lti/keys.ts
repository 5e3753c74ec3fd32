import { and, desc, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import {
	calculateJwkThumbprint,
	exportJWK,
	generateKeyPair,
	importJWK,
	type CryptoKey,
	type JWK
} from 'jose';
import { audit, type Actor } from '../audit';
import { db as appDb, type Db } from '../db';
import { ltiKey } from '../db/schema';

/** LTI 1.3 requires RS256 for every message and service token (1EdTech Security Framework §6.1). */
export const TOOL_ALG = 'RS256';
/** How long a JWT signed by the tool is valid (client assertions, deep-linking responses). */
export const TOOL_TOKEN_LIFETIME_S = 300;
/**
 * A retired key stays in the JWKS this long: well past the lifetime of anything it signed, and past
 * the few minutes a process may still sign with its cached copy after a rotation elsewhere.
 */
export const RETIRED_KEY_PUBLISHED_MS = 60 * 60 * 1000;
const CACHE_MS = 60 * 1000;

function publicOf(jwk: JWK, kid: string): JWK {
	return { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: TOOL_ALG, use: 'sig' };
}

async function newKeyRow() {
	const { privateKey } = await generateKeyPair(TOOL_ALG, {
		modulusLength: 2048,
		extractable: true
	});
	const jwk = await exportJWK(privateKey);
	const kid = await calculateJwkThumbprint(jwk);
	return { kid, privateJwk: { ...jwk, kid, alg: TOOL_ALG }, publicJwk: publicOf(jwk, kid) };
}

const currentRow = (q: Db) =>
	q.select().from(ltiKey).where(isNull(ltiKey.retiredAt)).orderBy(desc(ltiKey.createdAt)).limit(1);

/** The current key, made on first use; the table lock makes two racing processes make one. */
async function loadCurrent(database: Db) {
	const [row] = await currentRow(database);
	if (row) return row;
	return database.transaction(async (tx) => {
		await tx.execute(sql`lock table ${ltiKey} in share row exclusive mode`);
		const [again] = await currentRow(tx);
		if (again) return again;
		const [made] = await tx
			.insert(ltiKey)
			.values(await newKeyRow())
			.returning();
		return made;
	});
}

type Signer = { kid: string; key: CryptoKey };
const cache = new WeakMap<Db, { at: number; signer: Promise<Signer> }>();

/** The current RS256 private key (cached a minute per process, so a rotation elsewhere is seen). */
export function toolSigningKey(database: Db = appDb(), now = Date.now()): Promise<Signer> {
	const hit = cache.get(database);
	if (hit && now - hit.at < CACHE_MS) return hit.signer;
	const signer = loadCurrent(database).then(async (row) => ({
		kid: row.kid,
		key: (await importJWK(row.privateJwk as JWK, TOOL_ALG)) as CryptoKey
	}));
	cache.set(database, { at: now, signer });
	void signer.catch(() => cache.delete(database));
	return signer;
}

/** The public keys platforms verify with: the current one and those retired less than an hour ago. */
export async function toolJwks(database: Db = appDb(), now = new Date()): Promise<{ keys: JWK[] }> {
	await loadCurrent(database);
	const cutoff = new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS);
	const rows = await database
		.select({ publicJwk: ltiKey.publicJwk })
		.from(ltiKey)
		.where(or(isNull(ltiKey.retiredAt), gt(ltiKey.retiredAt, cutoff)))
		.orderBy(desc(ltiKey.createdAt));
	return { keys: rows.map((r) => r.publicJwk as JWK) };
}

/** Makes a new current key and retires the old one (still published for an hour); audited. */
export async function rotateToolKey(
	database: Db = appDb(),
	actor: Actor = { id: null, name: 'npm run lti:rotate-key' },
	now = new Date()
) {
	const made = await newKeyRow();
	const retired = await database.transaction(async (tx) => {
		await tx.execute(sql`lock table ${ltiKey} in share row exclusive mode`);
		const old = await tx
			.update(ltiKey)
			.set({ retiredAt: now })
			.where(isNull(ltiKey.retiredAt))
			.returning({ kid: ltiKey.kid });
		await tx.insert(ltiKey).values({ ...made, createdAt: now });
		await audit(
			tx,
			actor,
			'lti.rotate_key',
			{ type: 'lti_key', id: made.kid, label: made.kid },
			{
				retired: old.map((o) => o.kid).join(', ')
			}
		);
		return old.map((o) => o.kid);
	});
	cache.delete(database);
	return { kid: made.kid, retired };
}

/** Drops keys retired long enough ago that nothing they signed can still be checked. */
export async function pruneRetiredKeys(database: Db = appDb(), now = new Date()) {
	const cutoff = new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS);
	await database
		.delete(ltiKey)
		.where(and(isNotNull(ltiKey.retiredAt), lt(ltiKey.retiredAt, cutoff)));
}
