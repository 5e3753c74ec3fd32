import * as v from 'valibot';

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const localized = v.strictObject({ de: nonEmpty, en: nonEmpty });
const id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case a-z, 0-9 and -'));

export const courseSchema = v.strictObject({
	title: localized,
	description: localized,
	goals: v.strictObject({
		de: v.pipe(v.array(nonEmpty), v.minLength(1)),
		en: v.pipe(v.array(nonEmpty), v.minLength(1))
	}),
	passPercent: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 80),
	/** When a learner may try a quiz again (see quiz/retakes.ts); every field optional. */
	retakes: v.optional(
		v.strictObject({
			waitMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7 * 24 * 60))),
			waitAfterFailures: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
			maxPerDay: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))))
		}),
		{}
	),
	chapters: v.pipe(
		v.array(v.strictObject({ title: localized, lessons: v.pipe(v.array(id), v.minLength(1)) })),
		v.minLength(1)
	)
});

export const frontmatterSchema = v.strictObject({
	title: nonEmpty,
	summary: nonEmpty,
	minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(120)),
	source: v.pipe(v.union([v.string(), v.number()]), v.transform(String), nonEmpty),
	goals: v.pipe(v.array(nonEmpty), v.minLength(1), v.maxLength(8))
});

const base = {
	id,
	source: v.pipe(v.union([v.string(), v.number()]), v.transform(String), nonEmpty),
	section: id,
	prompt: localized,
	explanation: localized,
	/** Shown after a failed attempt: names the idea to re-read, never the answer. */
	hint: localized
};

const option = v.strictObject({ id, text: localized, correct: v.optional(v.boolean(), false) });
const item = v.strictObject({ id, text: localized });
const pair = v.strictObject({ id, left: localized, right: localized });

const unique = <T extends { id: string }>(what: string) =>
	v.check<T[], string>(
		(list) => new Set(list.map((x) => x.id)).size === list.length,
		`${what} ids must be unique`
	);

export const questionSchema = v.variant('type', [
	v.strictObject({
		...base,
		type: v.literal('single'),
		options: v.pipe(
			v.array(option),
			v.minLength(2),
			unique('option'),
			v.check((o) => o.filter((x) => x.correct).length === 1, 'a single-choice question needs exactly one correct option')
		)
	}),
	v.strictObject({
		...base,
		type: v.literal('multiple'),
		options: v.pipe(
			v.array(option),
			v.minLength(2),
			unique('option'),
			v.check((o) => o.some((x) => x.correct), 'needs at least one correct option'),
			v.check((o) => o.some((x) => !x.correct), 'needs at least one wrong option')
		)
	}),
	v.strictObject({ ...base, type: v.literal('truefalse'), answer: v.boolean() }),
	v.strictObject({
		...base,
		type: v.literal('number'),
		answer: v.pipe(v.number(), v.finite()),
		tolerance: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
		unit: v.optional(localized)
	}),
	v.strictObject({
		...base,
		type: v.literal('order'),
		items: v.pipe(v.array(item), v.minLength(2), v.maxLength(8), unique('item'))
	}),
	v.strictObject({
		...base,
		type: v.literal('match'),
		pairs: v.pipe(v.array(pair), v.minLength(2), v.maxLength(8), unique('pair'))
	})
]);

export const quizSchema = v.strictObject({
	draw: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
	questions: v.pipe(v.array(questionSchema), v.minLength(1), unique('question'))
});

/** content/glossary.yaml: one entry per term, both languages, and the lesson that teaches it. */
export const glossarySchema = v.strictObject({
	entries: v.pipe(
		v.array(
			v.strictObject({
				id,
				lesson: id,
				term: localized,
				definition: localized
			})
		),
		v.minLength(1),
		v.check((list) => new Set(list.map((e) => e.id)).size === list.length, 'entry ids must be unique')
	)
});
