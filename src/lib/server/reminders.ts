import { and, count, eq, gt, inArray, max, notExists } from 'drizzle-orm';
import type { Db } from './db';
import { classroom, enrollment, reminder, user, type Locale } from './db/schema';
import { enqueueMail } from './mail/outbox';
import { reminderMail } from './mail/reminder';
import { wakeMailSender } from './mail/sender';

const DAY = 86_400_000;
/** Reminder mails one class may send in 24 hours (a class of 30 can be reminded three times). */
export const REMINDERS_PER_CLASS_DAY = 100;
export const REMINDER_MAX_LENGTH = 1000;

export type ReminderResult =
	{ kind: 'sent'; sent: number; skipped: number } | { kind: 'class_limit' };

/**
 * Reminds the given learners of a class: each at most once in 24 hours, never one who opted out or
 * is disabled, and the class at most REMINDERS_PER_CLASS_DAY a day. The class row is locked, so
 * two instructors' tabs sending at once cannot both pass the limits. Each reminder is recorded and
 * its mail queued in the same transaction.
 */
export async function sendReminders(
	db: Db,
	input: {
		classId: string;
		sender: { id: string; name: string };
		userIds: string[];
		text: string;
		origin: string;
		fallbackLocale: Locale;
	},
	now = new Date()
): Promise<ReminderResult> {
	if (input.userIds.length === 0) return { kind: 'sent', sent: 0, skipped: 0 };
	const since = new Date(now.getTime() - DAY);
	const result = await db.transaction(async (tx): Promise<ReminderResult> => {
		const [klass] = await tx
			.select({ name: classroom.name })
			.from(classroom)
			.where(eq(classroom.id, input.classId))
			.for('update');
		if (!klass) return { kind: 'sent', sent: 0, skipped: input.userIds.length };
		const [{ today }] = await tx
			.select({ today: count() })
			.from(reminder)
			.where(and(eq(reminder.classId, input.classId), gt(reminder.sentAt, since)));
		const room = REMINDERS_PER_CLASS_DAY - Number(today);
		if (room <= 0) return { kind: 'class_limit' };
		const learners = await tx
			.select({
				id: user.id,
				email: user.email,
				name: user.name,
				locale: user.locale,
				optOut: user.remindersOptOut,
				disabledAt: user.disabledAt
			})
			.from(enrollment)
			.innerJoin(user, eq(user.id, enrollment.userId))
			.where(
				and(
					eq(enrollment.classId, input.classId),
					inArray(enrollment.userId, input.userIds),
					notExists(
						tx
							.select({ id: reminder.id })
							.from(reminder)
							.where(
								and(
									eq(reminder.classId, input.classId),
									eq(reminder.userId, enrollment.userId),
									gt(reminder.sentAt, since)
								)
							)
					)
				)
			)
			.orderBy(user.id);
		const chosen = learners.filter((l) => !l.optOut && !l.disabledAt).slice(0, room);
		if (chosen.length > 0) {
			await tx.insert(reminder).values(
				chosen.map((l) => ({
					classId: input.classId,
					userId: l.id,
					sentBy: input.sender.id,
					sentAt: now,
					message: input.text
				}))
			);
			await enqueueMail(
				tx,
				chosen.map((l) =>
					reminderMail({
						to: { email: l.email, name: l.name, locale: l.locale ?? input.fallbackLocale },
						className: klass.name,
						instructor: input.sender.name,
						text: input.text,
						origin: input.origin
					})
				)
			);
		}
		return { kind: 'sent', sent: chosen.length, skipped: input.userIds.length - chosen.length };
	});
	wakeMailSender();
	return result;
}

/** Per learner of the class: the last reminder and whether they opted out (for the matrix rows). */
export async function reminderStatus(db: Db, classId: string, userIds: string[]) {
	// Only the learners on the page: a class of 10,000 must not send every reminder ever made.
	if (userIds.length === 0) return {};
	const [last, optedOut] = await Promise.all([
		db
			.select({ userId: reminder.userId, at: max(reminder.sentAt) })
			.from(reminder)
			.where(and(eq(reminder.classId, classId), inArray(reminder.userId, userIds)))
			.groupBy(reminder.userId),
		db
			.select({ userId: enrollment.userId })
			.from(enrollment)
			.innerJoin(user, eq(user.id, enrollment.userId))
			.where(
				and(
					eq(enrollment.classId, classId),
					inArray(enrollment.userId, userIds),
					eq(user.remindersOptOut, true)
				)
			)
	]);
	const status: Record<string, { lastAt: string | null; optedOut: boolean }> = {};
	for (const r of last) status[r.userId] = { lastAt: r.at?.toISOString() ?? null, optedOut: false };
	for (const r of optedOut) {
		status[r.userId] = { lastAt: status[r.userId]?.lastAt ?? null, optedOut: true };
	}
	return status;
}
