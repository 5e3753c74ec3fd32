import { sql } from 'drizzle-orm';
import type { Response } from '../quiz/grade';
import type { Question } from '../quiz/types';
import {
	boolean,
	check,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	real,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

export const roles = ['learner', 'instructor', 'admin'] as const;
export type Role = (typeof roles)[number];
export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];

export const user = pgTable(
	'user',
	{
		id: text('id').primaryKey(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: roles }).notNull().default('learner'),
		locale: text('locale', { enum: locales }),
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		/** Null until the owner follows a link sent to `email`; learners may study before that. */
		emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
		remindersOptOut: boolean('reminders_opt_out').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('user_email_unique').on(t.email),
		check('user_email_lower', sql`${t.email} = lower(${t.email})`),
		check('user_role_valid', sql`${t.role} in ('learner', 'instructor', 'admin')`)
	]
);

/** `id` is the hex SHA-256 of the session token; the token itself is never stored. */
export const session = pgTable(
	'session',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

/** Fixed-window counters shared by every app process (login and registration throttling). */
export const throttle = pgTable(
	'throttle',
	{
		key: text('key').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		count: integer('count').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.key, t.windowStart] })]
);

/**
 * Browsers in which the account's password was entered right (OWASP's device cookies): their
 * sign-ins are not counted against the per-account limit, so strangers who exhaust that limit from
 * many addresses do not lock the owner out (L5). Only the token's hash is kept.
 */
export const knownDevice = pgTable(
	'known_device',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('known_device_user_idx').on(t.userId)]
);

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;

/** One row per learner and lesson: opened, tried, best result. Updated in the submission's transaction. */
export const lessonProgress = pgTable(
	'lesson_progress',
	{
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		firstOpenedAt: timestamp('first_opened_at', { withTimezone: true }).notNull().defaultNow(),
		lastOpenedAt: timestamp('last_opened_at', { withTimezone: true }).notNull().defaultNow(),
		bestPercent: integer('best_percent'),
		attempts: integer('attempts').notNull().default(0),
		passedAt: timestamp('passed_at', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.userId, t.lesson] })]
);

/**
 * Created when a quiz is shown (the draw is remembered: `question_ids` in order, `seed` for the option
 * shuffles); submitted exactly once (`submitted_at` goes from null to a time in one conditional update).
 */
export const quizAttempt = pgTable(
	'quiz_attempt',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		quizVersion: text('quiz_version').notNull(),
		seed: integer('seed').notNull(),
		/**
		 * 128 random bits that key the opaque option, item and match values this attempt sends to the
		 * browser (see quiz/tokens.ts). Never leaves the server.
		 */
		secret: text('secret')
			.notNull()
			.default(sql`gen_random_uuid()::text`),
		questionIds: jsonb('question_ids').$type<string[]>().notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		score: real('score'),
		maxScore: integer('max_score'),
		percent: integer('percent'),
		passed: boolean('passed')
	},
	(t) => [
		index('quiz_attempt_user_lesson_idx').on(t.userId, t.lesson, t.createdAt),
		index('quiz_attempt_lesson_submitted_idx').on(t.lesson, t.submittedAt),
		// At most one open attempt per learner and lesson: parallel first loads cannot draw several
		// quizzes for the learner to pick the easiest from.
		uniqueIndex('quiz_attempt_one_open')
			.on(t.userId, t.lesson)
			.where(sql`${t.submittedAt} is null`)
	]
);

export const attemptAnswer = pgTable(
	'attempt_answer',
	{
		attemptId: text('attempt_id')
			.notNull()
			.references(() => quizAttempt.id, { onDelete: 'cascade' }),
		questionId: text('question_id').notNull(),
		/** The question as graded (with its key): past attempts still display after quiz.yaml changes. */
		question: jsonb('question').$type<Question>().notNull(),
		response: jsonb('response').$type<Response>().notNull(),
		correct: boolean('correct').notNull(),
		points: real('points').notNull()
	},
	(t) => [primaryKey({ columns: [t.attemptId, t.questionId] })]
);

export type QuizAttempt = typeof quizAttempt.$inferSelect;
export type LessonProgress = typeof lessonProgress.$inferSelect;

/** One per learner (the course is one): the unique index makes two racing final attempts issue one. */
export const certificate = pgTable(
	'certificate',
	{
		/** ≥128 bits of randomness, base32: the public verification code. */
		code: text('code').primaryKey(),
		/**
		 * Null once the holder deleted their account: the certificate stays verifiable under the name
		 * printed on it (see docs/PRIVACY.md), but belongs to nobody any more.
		 */
		userId: text('user_id').references(() => user.id, { onDelete: 'set null' }),
		nameOnCertificate: text('name_on_certificate').notNull(),
		locale: text('locale', { enum: locales }).notNull(),
		issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
		percent: integer('percent').notNull(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		revokedReason: text('revoked_reason'),
		/** This certificate's bit in the published revocation status list (W3C Bitstring Status List). */
		statusIndex: integer('status_index')
	},
	(t) => [
		uniqueIndex('certificate_user_unique').on(t.userId),
		uniqueIndex('certificate_status_index_unique').on(t.statusIndex)
	]
);

/** The Ed25519 key that signs credentials, when none comes from configuration (development). */
export const signingKey = pgTable('signing_key', {
	kid: text('kid').primaryKey(),
	privateJwk: jsonb('private_jwk').notNull(),
	publicJwk: jsonb('public_jwk').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const classroom = pgTable(
	'class',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		instructorId: text('instructor_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		joinCode: text('join_code').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		archivedAt: timestamp('archived_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('class_join_code_unique').on(t.joinCode),
		index('class_instructor_idx').on(t.instructorId)
	]
);

export const enrollment = pgTable(
	'enrollment',
	{
		classId: text('class_id')
			.notNull()
			.references(() => classroom.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.classId, t.userId] }), index('enrollment_user_idx').on(t.userId)]
);

/**
 * Item statistics per class and question, kept by the submission transaction and by joining and
 * leaving a class (see reports/class-stats.ts): the class page reads ~90 rows instead of every
 * answer of the class. Sums of the point-biserial's terms (x = right, y = rest of the attempt's
 * score) are additive, so a learner's share can be added and taken away again.
 */
export const classQuestionStat = pgTable(
	'class_question_stat',
	{
		classId: text('class_id')
			.notNull()
			.references(() => classroom.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		questionId: text('question_id').notNull(),
		shown: integer('shown').notNull(),
		correct: integer('correct').notNull(),
		firstAttempts: integer('first_attempts').notNull(),
		firstCorrect: integer('first_correct').notNull(),
		n: integer('n').notNull(),
		sx: doublePrecision('sx').notNull(),
		sy: doublePrecision('sy').notNull(),
		sxy: doublePrecision('sxy').notNull(),
		syy: doublePrecision('syy').notNull()
	},
	(t) => [primaryKey({ columns: [t.classId, t.lesson, t.questionId] })]
);

/** How often each wrong option, value, order or match pair was given, per class and question. */
export const classWrongChoice = pgTable(
	'class_wrong_choice',
	{
		classId: text('class_id')
			.notNull()
			.references(() => classroom.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		questionId: text('question_id').notNull(),
		choice: text('choice').notNull(),
		times: integer('times').notNull()
	},
	(t) => [primaryKey({ columns: [t.classId, t.lesson, t.questionId, t.choice] })]
);

export type Certificate = typeof certificate.$inferSelect;
export type Classroom = typeof classroom.$inferSelect;

/** What an audit event records; the labels are snapshots, so the trail outlives renames and deletions. */
export const auditActions = [
	'user.role',
	'user.disable',
	'user.enable',
	'certificate.revoke',
	'class.remove_learner',
	'class.regenerate_code',
	'class.archive',
	'class.unarchive',
	'user.delete',
	'lti.register',
	'lti.update',
	'lti.delete',
	'lti.rotate_key',
	'lti.connect'
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * Who did what to whom, when. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. No foreign
 * keys on purpose — deleting an account must not delete or alter what it did or what was done to it.
 */
export const auditEvent = pgTable(
	'audit_event',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorId: text('actor_id'),
		actorName: text('actor_name').notNull(),
		action: text('action', { enum: auditActions }).notNull(),
		targetType: text('target_type', {
			enum: ['user', 'certificate', 'class', 'lti_platform', 'lti_key']
		}).notNull(),
		targetId: text('target_id').notNull(),
		targetLabel: text('target_label').notNull(),
		details: jsonb('details').$type<Record<string, string>>().notNull().default({})
	},
	(t) => [index('audit_event_at_idx').on(t.at), index('audit_event_target_idx').on(t.targetId)]
);
export type AuditEvent = typeof auditEvent.$inferSelect;

export const emailTokenPurposes = ['verify', 'reset'] as const;
export type EmailTokenPurpose = (typeof emailTokenPurposes)[number];

/**
 * Single-use links sent by e-mail. `id` is the hex SHA-256 of the token (the token itself is only in
 * the mail); `email` is the address the link proves (for an e-mail change: the new one).
 */
export const emailToken = pgTable(
	'email_token',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: emailTokenPurposes }).notNull(),
		email: text('email').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	// One link per user and purpose: issuing one replaces the last in one statement (L3).
	(t) => [uniqueIndex('email_token_user_purpose_idx').on(t.userId, t.purpose)]
);

/**
 * Mails to send, written in the transaction of the change that causes them; a sender loop in every
 * process claims due rows (`FOR UPDATE SKIP LOCKED`), sends and marks them. `next_attempt_at` is
 * also the lease of a claimed row: a process that dies mid-send leaves it to be retried.
 */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		html: text('html').notNull(),
		/** What caused it (e.g. `reset`, `reminder`), for the operator and the dev outbox. */
		kind: text('kind').notNull(),
		/**
		 * The one-click unsubscribe URL (RFC 8058) of a mail a learner opted into: sent as
		 * `List-Unsubscribe` with `List-Unsubscribe-Post`. A typed column, not free headers.
		 */
		listUnsubscribe: text('list_unsubscribe'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		/** Set when the attempts ran out: kept for the operator, never tried again. */
		failedAt: timestamp('failed_at', { withTimezone: true })
	},
	(t) => [
		index('mail_outbox_due_idx')
			.on(t.nextAttemptAt)
			.where(sql`${t.sentAt} is null and ${t.failedAt} is null`)
	]
);
export type MailOutboxRow = typeof mailOutbox.$inferSelect;

/** A reminder an instructor sent to a learner of a class (shown in the learner's row; throttles). */
export const reminder = pgTable(
	'reminder',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		classId: text('class_id')
			.notNull()
			.references(() => classroom.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		sentBy: text('sent_by').references(() => user.id, { onDelete: 'set null' }),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
		message: text('message').notNull()
	},
	(t) => [
		index('reminder_class_idx').on(t.classId, t.sentAt),
		index('reminder_user_idx').on(t.userId, t.classId, t.sentAt)
	]
);

/**
 * Spaced retrieval practice (issue 23): one FSRS card per learner and question of a passed lesson.
 * The columns are ts-fsrs's `Card`; `retired_at` is set when the question left its quiz.yaml.
 */
export const reviewCard = pgTable(
	'review_card',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		questionId: text('question_id').notNull(),
		due: timestamp('due', { withTimezone: true }).notNull(),
		stability: doublePrecision('stability').notNull().default(0),
		difficulty: doublePrecision('difficulty').notNull().default(0),
		elapsedDays: integer('elapsed_days').notNull().default(0),
		scheduledDays: integer('scheduled_days').notNull().default(0),
		learningSteps: integer('learning_steps').notNull().default(0),
		reps: integer('reps').notNull().default(0),
		lapses: integer('lapses').notNull().default(0),
		/** ts-fsrs `State`: 0 new, 1 learning, 2 review, 3 relearning. */
		state: integer('state').notNull().default(0),
		lastReview: timestamp('last_review', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		retiredAt: timestamp('retired_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('review_card_unique').on(t.userId, t.lesson, t.questionId),
		index('review_card_due_idx')
			.on(t.userId, t.due)
			.where(sql`${t.retiredAt} is null`)
	]
);
export type ReviewCard = typeof reviewCard.$inferSelect;

/**
 * Append-only (a trigger refuses UPDATE): every review as FSRS saw it — the card's state before the
 * answer, the rating, and the interval it got. Enough to fit FSRS parameters to this course later.
 */
export const reviewLog = pgTable(
	'review_log',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		cardId: integer('card_id')
			.notNull()
			.references(() => reviewCard.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		lesson: text('lesson').notNull(),
		questionId: text('question_id').notNull(),
		/** ts-fsrs `Rating`: 1 again, 2 hard, 3 good. */
		rating: integer('rating').notNull(),
		correct: boolean('correct').notNull(),
		unsure: boolean('unsure').notNull(),
		response: jsonb('response').$type<Response>().notNull(),
		answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
		/** The card before the answer (ts-fsrs `ReviewLog`): state, due, memory state. */
		state: integer('state').notNull(),
		due: timestamp('due', { withTimezone: true }).notNull(),
		stability: doublePrecision('stability').notNull(),
		difficulty: doublePrecision('difficulty').notNull(),
		elapsedDays: integer('elapsed_days').notNull(),
		lastElapsedDays: integer('last_elapsed_days').notNull(),
		/** The interval the answer earned. */
		scheduledDays: integer('scheduled_days').notNull(),
		learningSteps: integer('learning_steps').notNull(),
		nextDue: timestamp('next_due', { withTimezone: true }).notNull()
	},
	(t) => [
		index('review_log_user_idx').on(t.userId, t.answeredAt),
		index('review_log_card_idx').on(t.cardId)
	]
);
export type ReviewLogRow = typeof reviewLog.$inferSelect;

/**
 * One question shown on /review: its own secret keys the opaque values (as a quiz attempt's does),
 * and `answered_at` goes from null to a time once, so parallel submissions record one answer.
 */
export const reviewItem = pgTable(
	'review_item',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		cardId: integer('card_id')
			.notNull()
			.references(() => reviewCard.id, { onDelete: 'cascade' }),
		seed: integer('seed').notNull(),
		secret: text('secret').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		logId: integer('log_id')
	},
	(t) => [
		// One open item per learner: parallel loads of /review share it.
		uniqueIndex('review_item_one_open')
			.on(t.userId)
			.where(sql`${t.answeredAt} is null`),
		index('review_item_card_idx').on(t.cardId)
	]
);
export type ReviewItem = typeof reviewItem.$inferSelect;

export const reviewReminderFrequencies = ['off', 'daily', 'weekly'] as const;
export type ReviewReminderFrequency = (typeof reviewReminderFrequencies)[number];

/** A learner's review settings: the time zone their days start in, and reminder mails. */
export const reviewSettings = pgTable(
	'review_settings',
	{
		userId: text('user_id')
			.primaryKey()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** IANA name; null until chosen on /settings or sent by the browser (then the course's zone). */
		timeZone: text('time_zone'),
		reminders: text('reminders', { enum: reviewReminderFrequencies }).notNull().default('off'),
		remindedAt: timestamp('reminded_at', { withTimezone: true })
	},
	// The reminder sweep reads only the learners who opted in.
	(t) => [
		index('review_settings_reminders_idx')
			.on(t.userId)
			.where(sql`${t.reminders} <> 'off'`)
	]
);

/**
 * One review reminder mail per learner and period (`day:2026-12-07` or `week:2026-W50`, in the
 * learner's zone): the primary key is what keeps two sweeping processes from both sending it.
 * `token_hash` is the hex SHA-256 of the mail's one-click unsubscribe token (the token is only in
 * the mail); rows older than UNSUBSCRIBE_DAYS are deleted with their tokens.
 */
export const reviewReminder = pgTable(
	'review_reminder',
	{
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		period: text('period').notNull(),
		tokenHash: text('token_hash').notNull(),
		/** How many reviews the mail said were due. */
		due: integer('due').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.period] }),
		uniqueIndex('review_reminder_token_unique').on(t.tokenHash),
		index('review_reminder_created_idx').on(t.createdAt)
	]
);

/** The question pools cards were last synced with (see review/sync.ts): a start-up skips an unchanged one. */
export const reviewPool = pgTable('review_pool', {
	key: text('key').primaryKey(),
	fingerprint: text('fingerprint').notNull(),
	syncedAt: timestamp('synced_at', { withTimezone: true }).notNull()
});

/** A co-instructor of a class (LTI: every instructor of the LMS course), besides `class.instructor_id`. */
export const classInstructor = pgTable(
	'class_instructor',
	{
		classId: text('class_id')
			.notNull()
			.references(() => classroom.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.classId, t.userId] }),
		index('class_instructor_user_idx').on(t.userId)
	]
);

/** An LTI 1.3 platform registration: one (issuer, client id). The same issuer may appear twice. */
export const ltiPlatform = pgTable(
	'lti_platform',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		issuer: text('issuer').notNull(),
		clientId: text('client_id').notNull(),
		authUrl: text('auth_url').notNull(),
		tokenUrl: text('token_url').notNull(),
		jwksUrl: text('jwks_url').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('lti_platform_issuer_client_unique').on(t.issuer, t.clientId)]
);

export const ltiDeployment = pgTable(
	'lti_deployment',
	{
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatform.id, { onDelete: 'cascade' }),
		deploymentId: text('deployment_id').notNull()
	},
	(t) => [primaryKey({ columns: [t.platformId, t.deploymentId] })]
);

/** The tool's RS256 key pairs; a retired key stays published until what it signed has expired. */
export const ltiKey = pgTable('lti_key', {
	kid: text('kid').primaryKey(),
	privateJwk: jsonb('private_jwk').notNull(),
	publicJwk: jsonb('public_jwk').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	retiredAt: timestamp('retired_at', { withTimezone: true })
});

/**
 * One row per OIDC login initiation; `state_hash` is the hex SHA-256 of the state we sent. The launch
 * deletes it (DELETE … RETURNING), so a replayed or parallel launch finds nothing.
 */
export const ltiLogin = pgTable(
	'lti_login',
	{
		stateHash: text('state_hash').primaryKey(),
		nonce: text('nonce').notNull(),
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatform.id, { onDelete: 'cascade' }),
		targetLinkUri: text('target_link_uri').notNull(),
		/** The frame of the platform's postMessage storage, when the login request offered one. */
		storageTarget: text('storage_target'),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('lti_login_expires_idx').on(t.expiresAt)]
);

/** A platform user (issuer via platform, `sub`) linked to one Lernpfad user. */
export const ltiUser = pgTable(
	'lti_user',
	{
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatform.id, { onDelete: 'cascade' }),
		sub: text('sub').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.platformId, t.sub] }), index('lti_user_user_idx').on(t.userId)]
);

/** An LMS course (context) = one class; the AGS and NRPS endpoints of its last launch. */
export const ltiContext = pgTable(
	'lti_context',
	{
		id: text('id').primaryKey(),
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatform.id, { onDelete: 'cascade' }),
		deploymentId: text('deployment_id').notNull(),
		contextId: text('context_id').notNull(),
		title: text('title').notNull(),
		classId: text('class_id')
			.notNull()
			.references(() => classroom.id, { onDelete: 'cascade' }),
		lineitemsUrl: text('lineitems_url'),
		agsScopes: text('ags_scopes').array(),
		membershipsUrl: text('memberships_url'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('lti_context_platform_context_unique').on(t.platformId, t.contextId),
		index('lti_context_class_idx').on(t.classId)
	]
);

/** A resource link in an LMS course; `target` is `course` or a lesson slug. */
export const ltiResourceLink = pgTable(
	'lti_resource_link',
	{
		id: text('id').primaryKey(),
		contextId: text('context_id')
			.notNull()
			.references(() => ltiContext.id, { onDelete: 'cascade' }),
		resourceLinkId: text('resource_link_id').notNull(),
		target: text('target').notNull(),
		lineitemUrl: text('lineitem_url')
	},
	(t) => [uniqueIndex('lti_resource_link_unique').on(t.contextId, t.resourceLinkId)]
);

/** Short-lived single-use sign-in links ("open in a new window" from an LMS iframe); `id` = SHA-256. */
export const ltiSignInToken = pgTable('lti_sign_in_token', {
	id: text('id').primaryKey(),
	userId: text('user_id')
		.notNull()
		.references(() => user.id, { onDelete: 'cascade' }),
	redirectTo: text('redirect_to').notNull(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
});

export type LtiContext = typeof ltiContext.$inferSelect;
export type LtiResourceLink = typeof ltiResourceLink.$inferSelect;

/** OAuth2 access tokens of a platform's services, shared by every app process until shortly before expiry. */
export const ltiAccessToken = pgTable(
	'lti_access_token',
	{
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatform.id, { onDelete: 'cascade' }),
		/** The granted scopes, sorted and space-separated: the cache key. */
		scopes: text('scopes').notNull(),
		token: text('token').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.platformId, t.scopes] })]
);

/**
 * AGS scores to post, written in the submission's transaction; any app process sends them. A null
 * `lineitem_url` is looked up at send time by `resource_id` (a lesson slug or `course`).
 */
export const ltiScoreOutbox = pgTable(
	'lti_score_outbox',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatform.id, { onDelete: 'cascade' }),
		contextId: text('context_id')
			.notNull()
			.references(() => ltiContext.id, { onDelete: 'cascade' }),
		resourceId: text('resource_id').notNull(),
		lineitemUrl: text('lineitem_url'),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** The AGS Score as posted (application/vnd.ims.lis.v1.score+json). */
		payload: jsonb('payload').notNull(),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		/** A 4xx from the platform, or the attempts ran out: shown to the instructor, not retried. */
		givenUpAt: timestamp('gave_up_at', { withTimezone: true }),
		lastStatus: integer('last_status'),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('lti_score_outbox_due_idx')
			.on(t.nextAttemptAt)
			.where(sql`${t.sentAt} is null and ${t.givenUpAt} is null`),
		index('lti_score_outbox_user_idx').on(t.userId),
		index('lti_score_outbox_context_idx').on(t.contextId)
	]
);
export type LtiScoreOutboxRow = typeof ltiScoreOutbox.$inferSelect;

/** The LMS roster of a context (NRPS), replaced on each fetch; includes members who never launched. */
export const ltiRosterMember = pgTable(
	'lti_roster_member',
	{
		contextId: text('context_id')
			.notNull()
			.references(() => ltiContext.id, { onDelete: 'cascade' }),
		sub: text('sub').notNull(),
		name: text('name'),
		email: text('email'),
		roles: text('roles').array().notNull(),
		/** NRPS `status`: Active, Inactive or Deleted. */
		status: text('status').notNull(),
		fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.contextId, t.sub] })]
);

/** A Deep Linking request waiting for the teacher's pick; `id` = SHA-256 of the picker's token. */
export const ltiDeepLink = pgTable('lti_deep_link', {
	id: text('id').primaryKey(),
	platformId: text('platform_id')
		.notNull()
		.references(() => ltiPlatform.id, { onDelete: 'cascade' }),
	deploymentId: text('deployment_id').notNull(),
	returnUrl: text('return_url').notNull(),
	/** The request's opaque `data`, echoed in the reply. */
	data: text('data'),
	acceptMultiple: boolean('accept_multiple').notNull(),
	acceptLineitem: boolean('accept_lineitem').notNull(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
});
