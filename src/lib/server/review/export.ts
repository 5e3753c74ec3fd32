import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { reviewCard, reviewLog, reviewReminder, reviewSettings } from '../db/schema';

/** The learner's review deck, log and settings for the GDPR export (all of it, as stored). */
export async function exportReview(db: Db, userId: string) {
	const [settings, cards, log, reminders] = await Promise.all([
		db.select().from(reviewSettings).where(eq(reviewSettings.userId, userId)),
		db.select().from(reviewCard).where(eq(reviewCard.userId, userId)).orderBy(asc(reviewCard.id)),
		db
			.select()
			.from(reviewLog)
			.where(eq(reviewLog.userId, userId))
			.orderBy(asc(reviewLog.answeredAt), asc(reviewLog.id)),
		// The token hash stays out: it is a credential (for turning mail off), not data about anyone.
		db
			.select({
				period: reviewReminder.period,
				due: reviewReminder.due,
				createdAt: reviewReminder.createdAt
			})
			.from(reviewReminder)
			.where(eq(reviewReminder.userId, userId))
			.orderBy(asc(reviewReminder.createdAt))
	]);
	const iso = (d: Date | null) => d?.toISOString() ?? null;
	return {
		settings: settings[0]
			? {
					timeZone: settings[0].timeZone,
					reminders: settings[0].reminders,
					remindedAt: iso(settings[0].remindedAt)
				}
			: null,
		cards: cards.map(({ userId: _, id, ...c }) => ({
			card: id,
			...c,
			due: c.due.toISOString(),
			lastReview: iso(c.lastReview),
			createdAt: c.createdAt.toISOString(),
			retiredAt: iso(c.retiredAt)
		})),
		reminders: reminders.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
		log: log.map(({ userId: _, id: __, ...l }) => ({
			...l,
			card: l.cardId,
			answeredAt: l.answeredAt.toISOString(),
			due: l.due.toISOString(),
			nextDue: l.nextDue.toISOString()
		}))
	};
}
