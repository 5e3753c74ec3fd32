import { asc, sql } from 'drizzle-orm';
import {
	calculateJwkThumbprint,
	exportJWK,
	generateKeyPair,
	importJWK,
	type CryptoKey,
	type JSONWebKeySet,
	type JWK
} from 'jose';
import type { Db } from '../db';
import { signingKey } from '../db/schema';

export const ALG = 'EdDSA';

export interface SigningKeys {
	/** The key that signs new credentials. */
	kid: string;
	privateKey: CryptoKey;
	/** Every key whose credentials still verify: the configured one and those kept in the database. */
	jwks: JSONWebKeySet;
}

/** A private Ed25519 JWK; throws a message naming the variable and what is wrong. */
export function parsePrivateJwk(text: string, source = 'CREDENTIAL_SIGNING_KEY'): JWK {
	let jwk: JWK;
	try {
		jwk = JSON.parse(text) as JWK;
	} catch {
		throw new Error(`${source}: not JSON (expected a private Ed25519 JWK)`);
	}
	if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
		throw new Error(`${source}: expected {"kty":"OKP","crv":"Ed25519","x":…,"d":…}`);
	}
	if (typeof jwk.d !== 'string') throw new Error(`${source}: the private part "d" is missing`);
	return jwk;
}

export function publicJwkOf(jwk: JWK, kid: string): JWK {
	return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: ALG, use: 'sig' };
}

export async function newPrivateJwk(): Promise<JWK> {
	const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
	return exportJWK(privateKey);
}

/** A signer and the key set that verifies it (unit tests, and the start of `loadSigningKeys`). */
export async function keysFromJwk(jwk: JWK): Promise<SigningKeys> {
	const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
	const privateKey = (await importJWK({ ...jwk, alg: ALG }, ALG)) as CryptoKey;
	return { kid, privateKey, jwks: { keys: [publicJwkOf(jwk, kid)] } };
}

/**
 * The database's keys, the first made on first use. Making it holds a table lock, so two processes
 * starting together make one key between them and every process signs with the same (oldest) one.
 */
async function databaseKeys(db: Db) {
	const stored = (q: Db) =>
		q.select().from(signingKey).orderBy(asc(signingKey.createdAt), asc(signingKey.kid));
	const rows = await stored(db);
	if (rows.length > 0) return rows;
	return db.transaction(async (tx) => {
		await tx.execute(sql`lock table ${signingKey} in share row exclusive mode`);
		if ((await stored(tx)).length === 0) {
			const jwk = await newPrivateJwk();
			const kid = await calculateJwkThumbprint(jwk);
			await tx
				.insert(signingKey)
				.values({ kid, privateJwk: jwk, publicJwk: publicJwkOf(jwk, kid) });
		}
		return stored(tx);
	});
}

/** Uncached; `signingKeys` is what the app uses. */
export async function loadSigningKeys(db: Db, configured?: string): Promise<SigningKeys> {
	const rows = await (configured ? db.select().from(signingKey) : databaseKeys(db));
	const signer = await keysFromJwk(
		configured ? parsePrivateJwk(configured) : (rows[0].privateJwk as JWK)
	);
	const others = rows.map((r) => r.publicJwk as JWK).filter((k) => k.kid !== signer.kid);
	return { ...signer, jwks: { keys: [...signer.jwks.keys, ...others] } };
}

// Keys never change while a process runs (a new configured key needs a restart), so each process
// reads them once per database; every process reads the same rows, so they all agree.
const cache = new WeakMap<Db, Promise<SigningKeys>>();

export function signingKeys(db: Db, configured = process.env.CREDENTIAL_SIGNING_KEY || undefined) {
	let keys = cache.get(db);
	if (!keys) {
		keys = loadSigningKeys(db, configured);
		cache.set(db, keys);
		void keys.catch(() => cache.delete(db));
	}
	return keys;
}
