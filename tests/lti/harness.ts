/**
 * The fake platform's services on a port of their own, with a tool key pair made for the test (the
 * tool's JWKS is served beside them), and the database rows of one registered LMS course.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { createClass } from '../../src/lib/server/classes';
import type { Db } from '../../src/lib/server/db';
import {
	enrollment,
	ltiContext,
	ltiDeployment,
	ltiPlatform,
	ltiResourceLink,
	ltiUser
} from '../../src/lib/server/db/schema';
import { SCOPES } from '../../src/lib/server/lti/token';
import { createUser } from '../../src/lib/server/users';
import { platformServices, type FakeMember, type PlatformServices } from './platform-services';

export interface Harness {
	services: PlatformServices;
	base: string;
	signingKey: () => Promise<{ kid: string; key: CryptoKey }>;
	publicKey: CryptoKey;
	members: Map<string, FakeMember[]>;
	close(): Promise<void>;
}

export async function startHarness(pageSize = 2): Promise<Harness> {
	const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
	const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
	const members = new Map<string, FakeMember[]>();
	const holder: { services?: PlatformServices } = {};
	const server: Server = createServer((req, res) => {
		if (req.url === '/tool-jwks') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ keys: [jwk] }));
			return;
		}
		if (!holder.services?.handle(req, res)) {
			res.writeHead(404);
			res.end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const services = (holder.services = platformServices({
		base,
		clientId: 'tool-client',
		toolJwksUrl: `${base}/tool-jwks`,
		deploymentIds: ['dep-1'],
		members,
		pageSize
	}));
	return {
		services,
		base,
		members,
		publicKey,
		signingKey: async () => ({ kid: 'test-key', key: privateKey }),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

let n = 0;
/** A registered platform and one of its LMS courses (context) with a class. */
export async function seedCourse(db: Db, h: Harness, context = `ctx-${++n}`) {
	// One registration per fake platform (issuer and client id are unique), many LMS courses.
	const platformId = `p-${new URL(h.base).port}`;
	await db
		.insert(ltiPlatform)
		.values({
			id: platformId,
			name: 'Fake LMS',
			issuer: h.base,
			clientId: 'tool-client',
			authUrl: `${h.base}/auth`,
			tokenUrl: h.services.tokenUrl,
			jwksUrl: `${h.base}/jwks`
		})
		.onConflictDoNothing();
	await db
		.insert(ltiDeployment)
		.values({ platformId, deploymentId: 'dep-1' })
		.onConflictDoNothing();
	const teacher = await createUser(db, {
		email: `t-${context}@example.com`,
		name: 'Teacher',
		password: 'Hypervisor-Typ-1-und-2',
		role: 'instructor'
	});
	const klass = await createClass(db, teacher!.id, `Course ${context}`);
	const contextRowId = `c-${context}`;
	await db.insert(ltiContext).values({
		id: contextRowId,
		platformId,
		deploymentId: 'dep-1',
		contextId: context,
		title: `Course ${context}`,
		classId: klass.id,
		lineitemsUrl: h.services.lineitemsUrl(context),
		agsScopes: [SCOPES.lineitem, SCOPES.score, SCOPES.resultReadonly],
		membershipsUrl: h.services.membershipsUrl(context)
	});
	h.members.set(context, []);
	const platform = { id: platformId, clientId: 'tool-client', tokenUrl: h.services.tokenUrl };
	return {
		platform,
		platformId,
		context,
		contextRowId,
		classId: klass.id,
		/** A learner who launched (linked, enrolled) and is a member at the platform unless `member: false`. */
		async learner(sub: string, { member = true } = {}) {
			const u = await createUser(db, {
				email: `${sub}-${context}@example.com`,
				name: `Learner ${sub}`,
				password: 'Hypervisor-Typ-1-und-2'
			});
			await db.insert(ltiUser).values({ platformId, sub, userId: u!.id });
			await db.insert(enrollment).values({ classId: klass.id, userId: u!.id });
			if (member)
				h.members.get(context)!.push({
					user_id: sub,
					roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
					name: `Learner ${sub}`
				});
			return u!.id;
		},
		/** A resource link whose line item the platform made (as from a deep-link reply). */
		async link(target: string) {
			const item = h.services.addLineItem(context, {
				label: target,
				scoreMaximum: 100,
				resourceId: target
			});
			await db.insert(ltiResourceLink).values({
				id: `rl-${context}-${target}`,
				contextId: contextRowId,
				resourceLinkId: `rl-${target}`,
				target,
				lineitemUrl: item.id
			});
			return item.id;
		}
	};
}
