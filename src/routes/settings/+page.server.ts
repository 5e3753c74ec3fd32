import { redirect } from '@sveltejs/kit';
import { mailOrigin } from '$lib/server/origin';
import { db } from '$lib/server/db';
import { setLocaleCookie } from '$lib/server/locale-cookie';
import { requireUser } from '$lib/server/auth/guard';
import { verifyPassword } from '$lib/server/auth/password';
import { limits, refund, take } from '$lib/server/auth/throttle';
import { clientAddress } from '$lib/server/auth/client-address';
import {
	emailError,
	nameError,
	passwordError,
	textField,
	throttledMessage,
	invalid
} from '$lib/server/forms';
import {
	cancelEmailChange,
	changePassword,
	inBackground,
	pendingEmailChange,
	requestEmailChange,
	setRemindersOptOut
} from '$lib/server/accounts';
import { findUserById, normalizeEmail, updateProfile } from '$lib/server/users';
import { reminderSettings, saveReminderSettings } from '$lib/server/review/reminders';
import { isTimeZone, TIME_ZONES } from '$lib/server/review/session';
import { DEFAULT_TIME_ZONE } from '$lib/server/review/scheduler';
import { reviewReminderFrequencies, type ReviewReminderFrequency } from '$lib/server/db/schema';
import { isLocale } from '$lib/paraglide/runtime';
import { NO_PASSWORD } from '$lib/server/lti/accounts';
import { connectBlock } from '$lib/server/lti/connect';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load = (async (event) => {
	const user = requireUser(event);
	const [row, review] = await Promise.all([
		findUserById(db(), user.id),
		reminderSettings(db(), user.id)
	]);
	return {
		review: {
			reminders: review.reminders,
			timeZone: review.timeZone ?? DEFAULT_TIME_ZONE,
			// Not chosen yet: the page offers the browser's zone instead (with JavaScript).
			timeZoneChosen: review.timeZone !== null,
			timeZones: TIME_ZONES
		},
		profile: {
			name: user.name,
			email: user.email,
			verified: !!user.emailVerifiedAt,
			locale: user.locale ?? event.locals.locale,
			reminders: !row?.remindersOptOut
		},
		pendingEmail: (await pendingEmailChange(db(), user)) ?? null,
		languageSaved: event.url.searchParams.get('saved') === 'language',
		// An account made on an LMS launch, without quiz results yet, may connect an existing one.
		ltiConnectable:
			row?.passwordHash === NO_PASSWORD && (await connectBlock(db(), user.id)) === null,
		ltiConnected: event.url.searchParams.get('saved') === 'lti'
	};
}) satisfies PageServerLoad;

/** Like a sign-in: counted before the check, per account and address; a right password gives it back. */
async function checkCurrentPassword(
	event: RequestEvent,
	user: { id: string; email: string },
	current: string,
	action: string
) {
	const key = `${user.email}|${clientAddress(event)}`;
	const throttled = await take(db(), limits.loginPerAccountIp, key);
	if (throttled.limited) {
		event.setHeaders({ 'Retry-After': String(throttled.retryAfter) });
		return invalid(429, { action, errors: {}, message: throttledMessage(throttled.retryAfter) });
	}
	const row = await findUserById(db(), user.id);
	if (!row || [...current].length > 256 || !(await verifyPassword(row.passwordHash, current))) {
		return invalid(400, { action, errors: { current: m.error_current_password() } });
	}
	await refund(db(), limits.loginPerAccountIp, key);
	return row;
}

export const actions = {
	profile: async (event) => {
		const user = requireUser(event);
		const name = textField(await event.request.formData(), 'name');
		const error = nameError(name);
		if (error)
			return invalid(400, { action: 'profile', values: { name }, errors: { name: error } });
		await updateProfile(db(), user.id, { name: name.trim() });
		return { action: 'profile', success: m.settings_profile_saved() };
	},

	language: async (event) => {
		const user = requireUser(event);
		const locale = textField(await event.request.formData(), 'locale');
		if (!isLocale(locale)) {
			return invalid(400, { action: 'language', errors: { locale: m.error_locale_invalid() } });
		}
		await updateProfile(db(), user.id, { locale });
		setLocaleCookie(event.cookies, locale);
		// Redirect so the next page is rendered in the new language.
		redirect(303, '/settings?saved=language');
	},

	password: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const current = textField(data, 'current');
		const next = textField(data, 'password');
		const errors = {
			current: current ? undefined : m.error_required(),
			password: passwordError(next, user.email)
		};
		if (errors.current || errors.password) return invalid(400, { action: 'password', errors });
		const checked = await checkCurrentPassword(event, user, current, 'password');
		if (!('id' in checked)) return checked;
		await changePassword(
			db(),
			checked,
			next,
			event.locals.session?.id,
			mailOrigin(event),
			event.locals.locale
		);
		return { action: 'password', success: m.settings_password_saved() };
	},

	/** The new address takes effect when its confirmation link is followed (see /verify/[token]). */
	email: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const email = textField(data, 'email');
		const current = textField(data, 'current');
		const errors = {
			email:
				emailError(email) ??
				(normalizeEmail(email) === user.email ? m.settings_email_same() : undefined),
			current: current ? undefined : m.error_required()
		};
		if (errors.email || errors.current) {
			return invalid(400, { action: 'email', values: { email }, errors });
		}
		const checked = await checkCurrentPassword(event, user, current, 'email');
		if (!('id' in checked)) return checked;
		// Per user: a 429 the user sees. Per target address and client: inside, silently (M2).
		const throttled = await take(db(), limits.mailPerUser, user.id);
		if (throttled.limited) {
			event.setHeaders({ 'Retry-After': String(throttled.retryAfter) });
			return invalid(429, {
				action: 'email',
				values: { email },
				message: throttledMessage(throttled.retryAfter)
			});
		}
		// After the answer: whether the address has an account must not show in its timing (L2).
		const [locale, origin, ip] = [event.locals.locale, mailOrigin(event), clientAddress(event)];
		inBackground('email change', () =>
			requestEmailChange(db(), checked, email, locale, origin, ip)
		);
		return { action: 'email', success: m.settings_email_sent({ email: normalizeEmail(email) }) };
	},

	/** Ends a pending e-mail change: its link stops working. */
	cancelEmail: async (event) => {
		const user = requireUser(event);
		await cancelEmailChange(db(), user);
		return { action: 'email', success: m.settings_email_cancelled() };
	},

	reminders: async (event) => {
		const user = requireUser(event);
		// A checkbox: "on" when ticked, absent when not.
		const value = (await event.request.formData()).get('reminders') ?? 'off';
		if (value !== 'on' && value !== 'off') {
			return invalid(400, { action: 'reminders', message: m.error_bad_request() });
		}
		await setRemindersOptOut(db(), user.id, value === 'off');
		return {
			action: 'reminders',
			success: value === 'on' ? m.settings_reminders_on() : m.settings_reminders_off()
		};
	},

	/** Review reminder mails (issue 23): off, daily or weekly, and the zone the learner's days start in. */
	reviewReminders: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const reminders = textField(data, 'reminders');
		const timeZone = textField(data, 'timeZone');
		const errors = {
			reminders: reviewReminderFrequencies.includes(reminders as ReviewReminderFrequency)
				? undefined
				: m.error_frequency(),
			timeZone: isTimeZone(timeZone) ? undefined : m.error_time_zone()
		};
		if (errors.reminders || errors.timeZone) {
			return invalid(400, {
				action: 'reviewReminders',
				values: { reminders, timeZone },
				errors
			});
		}
		const frequency = reminders as ReviewReminderFrequency;
		await saveReminderSettings(
			db(),
			user.id,
			{ reminders: frequency, timeZone },
			event.locals.locale
		);
		const saved = {
			off: m.settings_review_saved_off,
			daily: m.settings_review_saved_daily,
			weekly: m.settings_review_saved_weekly
		};
		return { action: 'reviewReminders', success: saved[frequency]() };
	}
} satisfies Actions;
