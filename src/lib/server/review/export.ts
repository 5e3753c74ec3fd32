import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { reviewCard, reviewLog, reviewSettings } from '../db/schema';

/** The learner's review deck, log and settings for the GDPR export (all of it, as stored). */
export async function exportReview(db: Db, userId: string) {
	const [settings, cards, log] = await Promise.all([
		db.select().from(reviewSettings).where(eq(reviewSettings.userId, userId)),
		db.select().from(reviewCard).where(eq(reviewCard.userId, userId)).orderBy(asc(reviewCard.id)),
		db
			.select()
			.from(reviewLog)
			.where(eq(reviewLog.userId, userId))
			.orderBy(asc(reviewLog.answeredAt), asc(reviewLog.id))
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
		log: log.map(({ userId: _, id: __, ...l }) => ({
			...l,
			card: l.cardId,
			answeredAt: l.answeredAt.toISOString(),
			due: l.due.toISOString(),
			nextDue: l.nextDue.toISOString()
		}))
	};
}
