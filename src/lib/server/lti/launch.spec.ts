import { exportJWK, generateKeyPair, SignJWT, type JWK, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIM } from './claims';
import { LaunchError, verifyLaunch, type ConsumedLogin, type LaunchDeps } from './launch';
import type { LtiPlatform } from './registrations';

const NOW = new Date('2026-12-02T12:00:00Z');
const t0 = NOW.getTime() / 1000;
const platform: LtiPlatform = {
	id: 'p1',
	name: 'Moodle',
	issuer: 'https://lms.example',
	clientId: 'client-1',
	authUrl: 'https://lms.example/auth',
	tokenUrl: 'https://lms.example/token',
	jwksUrl: 'https://lms.example/jwks',
	createdAt: NOW
};
const other: LtiPlatform = { ...platform, id: 'p2', clientId: 'client-2' };

let key: CryptoKey;
let publicJwk: JWK;
let otherKey: CryptoKey;
beforeAll(async () => {
	const pair = await generateKeyPair('RS256', { extractable: true });
	key = pair.privateKey;
	publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
	otherKey = (await generateKeyPair('RS256')).privateKey;
});

function claims(extra: Record<string, unknown> = {}) {
	return {
		iss: platform.issuer,
		sub: 'user-7',
		aud: platform.clientId,
		iat: t0 - 5,
		exp: t0 + 300,
		nonce: 'n-1',
		[CLAIM.messageType]: 'LtiResourceLinkRequest',
		[CLAIM.version]: '1.3.0',
		[CLAIM.deploymentId]: 'd-1',
		[CLAIM.targetLinkUri]: 'http://localhost/learn',
		[CLAIM.resourceLink]: { id: 'rl-1' },
		[CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
		[CLAIM.launchPresentation]: { return_url: 'https://lms.example/return' },
		...extra
	};
}

const sign = (payload: Record<string, unknown>, { kid = 'k1', with: k = key } = {}) =>
	new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(k);

/** A fake of the database and network: one login step for state `s-1` with nonce `n-1`. */
function deps(overrides: Partial<LaunchDeps> = {}) {
	const logins = new Map<string, ConsumedLogin>([
		['s-1', { nonce: 'n-1', platformId: 'p1', targetLinkUri: 'http://localhost/learn' }]
	]);
	let fetches = 0;
	const d: LaunchDeps & { fetches: () => number; logins: typeof logins } = {
		platforms: async (iss) => [platform, other].filter((p) => p.issuer === iss),
		jwks: async (): Promise<JSONWebKeySet> => {
			fetches++;
			return { keys: [publicJwk] };
		},
		isDeployment: async (_p, d) => d === 'd-1',
		consumeLogin: async (state) => {
			const row = logins.get(state);
			logins.delete(state);
			return row;
		},
		now: () => NOW,
		fetches: () => fetches,
		logins,
		...overrides
	};
	return d;
}

async function refusal(token: string, state = 's-1', d = deps()) {
	try {
		await verifyLaunch(token, state, d);
	} catch (e) {
		expect(e).toBeInstanceOf(LaunchError);
		return (e as LaunchError).code;
	}
	return 'accepted';
}

describe('verifyLaunch', () => {
	it('accepts a good launch and consumes its login step', async () => {
		const d = deps();
		const launch = await verifyLaunch(await sign(claims()), 's-1', d);
		expect(launch).toMatchObject({ platformId: 'p1', deploymentId: 'd-1' });
		expect(d.logins.size).toBe(0);
	});

	it('picks the registration by aud: the same issuer with two client ids is two platforms', async () => {
		const d = deps({
			consumeLogin: async () => ({ nonce: 'n-1', platformId: 'p2', targetLinkUri: '' })
		});
		const launch = await verifyLaunch(await sign(claims({ aud: 'client-2' })), 's-1', d);
		expect(launch.platformId).toBe('p2');
	});

	it('refuses a bad signature', async () => {
		expect(await refusal(await sign(claims(), { with: otherKey }))).toBe('signature');
	});

	it('refuses an unknown kid after fetching the JWKS once more', async () => {
		const d = deps();
		expect(await refusal(await sign(claims(), { kid: 'k9' }), 's-1', d)).toBe('unknown_kid');
		expect(d.fetches()).toBe(2);
	});

	it('finds a rotated key by fetching the JWKS again', async () => {
		let calls = 0;
		const d = deps({
			jwks: async (_p, refresh) => {
				calls++;
				return { keys: refresh ? [publicJwk] : [{ ...publicJwk, kid: 'old' }] };
			}
		});
		await expect(verifyLaunch(await sign(claims()), 's-1', d)).resolves.toBeTruthy();
		expect(calls).toBe(2);
	});

	it('refuses a wrong aud, an array aud without azp, and an azp not in aud', async () => {
		expect(await refusal(await sign(claims({ aud: 'client-9' })))).toBe('aud');
		expect(await refusal(await sign(claims({ aud: ['client-1', 'x'] })))).toBe('aud');
		expect(await refusal(await sign(claims({ aud: ['client-1'], azp: 'x' })))).toBe('aud');
		const ok = await sign(claims({ aud: ['x', 'client-1'], azp: 'client-1' }));
		expect(await refusal(ok)).toBe('accepted');
	});

	it('refuses a wrong iss', async () => {
		expect(await refusal(await sign(claims({ iss: 'https://evil.example' })))).toBe('iss');
	});

	it('refuses an expired token, allowing a minute of clock skew', async () => {
		expect(await refusal(await sign(claims({ exp: t0 - 61, iat: t0 - 400 })))).toBe('expired');
		expect(await refusal(await sign(claims({ exp: t0 - 30 })))).toBe('accepted');
	});

	it('refuses iat in the future beyond the leeway', async () => {
		expect(await refusal(await sign(claims({ iat: t0 + 120 })))).toBe('iat_future');
		expect(await refusal(await sign(claims({ iat: t0 + 30 })))).toBe('accepted');
	});

	it('refuses a replayed token, also when the replays run in parallel', async () => {
		const token = await sign(claims());
		const d = deps();
		expect(await refusal(token, 's-1', d)).toBe('accepted');
		expect(await refusal(token, 's-1', d)).toBe('state');
		const d2 = deps();
		const results = await Promise.all(Array.from({ length: 5 }, () => refusal(token, 's-1', d2)));
		expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
	});

	it('refuses a nonce that is not the one issued with the state', async () => {
		expect(await refusal(await sign(claims({ nonce: 'n-2' })))).toBe('nonce');
	});

	it('refuses a state that matches no login step', async () => {
		expect(await refusal(await sign(claims()), 's-other')).toBe('state');
	});

	it('refuses an unknown deployment', async () => {
		const token = await sign(claims({ [CLAIM.deploymentId]: 'd-9' }));
		expect(await refusal(token)).toBe('deployment');
	});

	it('refuses alg none and HS256 (even keyed with the public key)', async () => {
		const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const none = `${b64({ alg: 'none', kid: 'k1' })}.${b64(claims())}.`;
		expect(await refusal(none)).toBe('alg');
		const hs = await new SignJWT(claims())
			.setProtectedHeader({ alg: 'HS256', kid: 'k1' })
			.sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
		expect(await refusal(hs)).toBe('alg');
	});

	it('refuses a wrong message type or version and missing required claims', async () => {
		expect(await refusal(await sign(claims({ [CLAIM.messageType]: 'Other' })))).toBe(
			'message_type'
		);
		expect(await refusal(await sign(claims({ [CLAIM.version]: '1.1' })))).toBe('message_type');
		expect(await refusal(await sign(claims({ [CLAIM.resourceLink]: undefined })))).toBe('claims');
		expect(await refusal(await sign(claims({ [CLAIM.roles]: 'Learner' })))).toBe('claims');
		expect(await refusal(await sign(claims({ sub: undefined })))).toBe('claims');
	});

	it('hands back return_url only once the signature was verified', async () => {
		const d = deps();
		const err = await verifyLaunch(await sign(claims({ nonce: 'x' })), 's-1', d).catch((e) => e);
		expect(err.returnUrl).toBe('https://lms.example/return');
		const forged = await verifyLaunch(
			await sign(claims(), { with: otherKey }),
			's-1',
			deps()
		).catch((e) => e);
		expect(forged.returnUrl).toBeUndefined();
	});

	it('leaves the login step alone when refusing before the nonce check', async () => {
		const d = deps();
		await refusal(await sign(claims({ [CLAIM.deploymentId]: 'd-9' })), 's-1', d);
		expect(d.logins.size).toBe(1);
	});
});
