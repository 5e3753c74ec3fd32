import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgTable,
	primaryKey,
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

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
