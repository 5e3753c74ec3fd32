import { getCourse } from '$lib/server/content';
import type { Locale } from '$lib/server/db/schema';
import type { Pickable } from '$lib/server/lti/deep-linking';
import { COURSE_RESOURCE } from '$lib/server/lti/score-outbox';
import * as m from '$lib/paraglide/messages';

/** A picker token: 20 random bytes in lower-case base32. */
export const PICKER_TOKEN = /^[a-z2-7]{32}$/;

/** What a teacher may add to an LMS course: the whole course, or one lesson with its quiz. */
export function pickables(locale: Locale): Pickable[] {
	const course = getCourse();
	return [
		{
			target: COURSE_RESOURCE,
			title: course.title[locale],
			text: m.lti_dl_course_text({}, { locale })
		},
		...course.lessons.map((lesson) => ({
			target: lesson.slug,
			title: lesson.text[locale].title,
			text: m.lti_dl_lesson_text({ number: lesson.number }, { locale })
		}))
	];
}
