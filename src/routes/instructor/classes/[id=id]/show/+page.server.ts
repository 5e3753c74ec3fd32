import { joinQrSvg } from '$lib/server/qr';
import { ownClass } from '../own-class.server';
import type { PageServerLoad } from './$types';

/** The join card large, for a projector: the class name, its code, the QR and a short address (V19). */
export const load = (async (event) => {
	const klass = await ownClass(event);
	const joinUrl = `${event.url.origin}/join/${klass.joinCode}`;
	return {
		/** Tells the root layout to leave out the site's header and footer. */
		bare: true,
		klass: {
			id: klass.id,
			name: klass.name,
			joinCode: klass.joinCode,
			shortUrl: `${event.url.host}/join/${klass.joinCode}`,
			archived: klass.archivedAt !== null
		},
		joinQr: await joinQrSvg(joinUrl)
	};
}) satisfies PageServerLoad;
