import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse, type ContentFiles } from '../../src/lib/server/content/load';
import { rows } from '../../src/lib/server/db/rows';
import { seedDemo } from '../../src/lib/server/demo';
import { demoPlatform } from '../../src/lib/server/lti/demo-platform';
import { listPlatforms } from '../../src/lib/server/lti/registrations';
import { classLearners, repeatedFailures } from '../../src/lib/server/reports';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

function course() {
	const files: ContentFiles = {
		'content/course.yaml': readFileSync('content/course.yaml', 'utf8')
	};
	for (const dir of readdirSync('content/lessons')) {
		for (const f of readdirSync(join('content/lessons', dir))) {
			files[`content/lessons/${dir}/${f}`] = readFileSync(join('content/lessons', dir, f), 'utf8');
		}
	}
	for (const f of readdirSync('content/figures')) files[`content/figures/${f}`] = 'svg';
	return buildCourse(files);
}

describe.each(drivers)('the development demo on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	}, 120_000);
	afterAll(() => t.destroy());

	it('gives the instructor a living class: finished, progressing, stuck and inactive learners', async () => {
		expect(await seedDemo(t.db, course())).toBe(true);
		const [klass] = await rows<{ id: string }>(t.db, sql`select id from class`);
		const learners = await classLearners(t.db, klass.id);
		expect(learners).toHaveLength(31);
		expect(learners.filter((l) => l.passed === 9)).toHaveLength(5);
		expect(learners.filter((l) => l.certificateCode)).toHaveLength(5);
		expect(learners.filter((l) => l.passed > 0 && l.passed < 9).length).toBeGreaterThan(15);
		const week = Date.now() - 7 * 86_400_000;
		expect(
			learners.filter((l) => l.passed < 9 && (l.lastActivity?.getTime() ?? 0) < week).length
		).toBeGreaterThanOrEqual(6);
		expect((await repeatedFailures(t.db, klass.id)).length).toBeGreaterThanOrEqual(5);
		// A registered demo LMS for `npm run lti:demo`, with its deployment.
		const platforms = await listPlatforms(t.db);
		expect(platforms).toEqual([
			expect.objectContaining({
				issuer: demoPlatform.issuer,
				clientId: demoPlatform.clientId,
				jwksUrl: demoPlatform.jwksUrl,
				deploymentIds: demoPlatform.deploymentIds
			})
		]);
		// Only into an empty database.
		expect(await seedDemo(t.db, course())).toBe(false);
	}, 120_000);
});
