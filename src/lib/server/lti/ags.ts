import type { Db } from '../db';
import { nextLink } from './link-header';
import { expectOk, SCOPES, serviceFetch, type ServiceOptions, type TokenPlatform } from './token';

/** Media types of Assignment and Grade Services 2.0 (§3.2, §3.3, §3.4). */
export const AGS_MEDIA = {
	lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
	lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
	score: 'application/vnd.ims.lis.v1.score+json'
} as const;

export interface LineItem {
	id?: string;
	label: string;
	scoreMaximum: number;
	resourceId?: string;
	resourceLinkId?: string;
	tag?: string;
}

export type ActivityProgress = 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
export type GradingProgress = 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';

/** AGS 2.0 §3.4 Score; `timestamp` is ISO 8601 with milliseconds and an offset. */
export interface Score {
	userId: string;
	scoreGiven?: number;
	scoreMaximum?: number;
	comment?: string;
	timestamp: string;
	activityProgress: ActivityProgress;
	gradingProgress: GradingProgress;
}

/**
 * The score service of a line item: its URL with `/scores` added to the path, the query kept
 * (AGS 2.0 §3.4: a line item URL may carry a query, e.g. Moodle's `?type_id=`).
 */
export function scoresUrl(lineitemUrl: string): string {
	const url = new URL(lineitemUrl);
	url.pathname = url.pathname.replace(/\/?$/, '/scores');
	return url.toString();
}

/** The line items of a context, all pages, optionally only those with this `resource_id`. */
export async function listLineItems(
	db: Db,
	platform: TokenPlatform,
	lineitemsUrl: string,
	filter: { resourceId?: string } = {},
	options: ServiceOptions = {}
): Promise<LineItem[]> {
	const first = new URL(lineitemsUrl);
	if (filter.resourceId) first.searchParams.set('resource_id', filter.resourceId);
	const items: LineItem[] = [];
	const seen = new Set<string>();
	for (let url: string | undefined = first.toString(); url && !seen.has(url);) {
		seen.add(url);
		const response = await expectOk(
			await serviceFetch(
				db,
				platform,
				[SCOPES.lineitemReadonly],
				url,
				{ headers: { accept: AGS_MEDIA.lineItemContainer } },
				options
			),
			'line items'
		);
		const page = (await response.json()) as LineItem[];
		if (Array.isArray(page)) items.push(...page);
		url = nextLink(response.headers.get('link'), url);
	}
	// A platform that ignores the filter parameter still gets filtered.
	return filter.resourceId ? items.filter((i) => i.resourceId === filter.resourceId) : items;
}

export async function createLineItem(
	db: Db,
	platform: TokenPlatform,
	lineitemsUrl: string,
	item: LineItem,
	options: ServiceOptions = {}
): Promise<LineItem> {
	const response = await expectOk(
		await serviceFetch(
			db,
			platform,
			[SCOPES.lineitem],
			lineitemsUrl,
			{
				method: 'POST',
				headers: { 'content-type': AGS_MEDIA.lineItem, accept: AGS_MEDIA.lineItem },
				body: JSON.stringify(item)
			},
			options
		),
		'create line item'
	);
	return (await response.json()) as LineItem;
}

/** Posts a score; throws LtiServiceError on a refusal (its `permanent` says whether to retry). */
export async function postScore(
	db: Db,
	platform: TokenPlatform,
	lineitemUrl: string,
	score: Score,
	options: ServiceOptions = {}
): Promise<number> {
	const response = await expectOk(
		await serviceFetch(
			db,
			platform,
			[SCOPES.score],
			scoresUrl(lineitemUrl),
			{
				method: 'POST',
				headers: { 'content-type': AGS_MEDIA.score },
				body: JSON.stringify(score)
			},
			options
		),
		'score'
	);
	await response.body?.cancel();
	return response.status;
}
