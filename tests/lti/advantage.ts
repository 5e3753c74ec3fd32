/**
 * The fake platform with its LTI Advantage services mounted (token, AGS, NRPS, deep-link return),
 * and the claims a platform puts in a launch to offer them — what the e2e flows and the demo
 * platform (`npm run lti:demo`) share.
 */
import type { FakePlatform } from './platform';
import { platformServices, type FakeMember, type PlatformServices } from './platform-services';

export const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
export const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
export const CUSTOM = 'https://purl.imsglobal.org/spec/lti/claim/custom';
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';

export interface Advantage {
	services: PlatformServices;
	/** LMS course members per context id: NRPS lists them, the score endpoint knows only them. */
	members: Map<string, FakeMember[]>;
	/** The AGS and NRPS claims of a launch from this context (with the link's line item, if any). */
	serviceClaims(context: string, lineitem?: string): Record<string, unknown>;
	/** The claims of an LtiDeepLinkingRequest whose reply the platform takes for this context. */
	deepLinkingClaims(context: string, data?: string): Record<string, unknown>;
	/** The line item the platform made for `resourceId` in this context (from a deep-link reply). */
	lineItem(context: string, resourceId: string): string | undefined;
}

export function withServices(platform: FakePlatform, pageSize = 2): Advantage {
	const members = new Map<string, FakeMember[]>();
	const services = platformServices({
		base: platform.url,
		clientId: platform.clientId,
		toolJwksUrl: `${platform.toolOrigin}/lti/jwks`,
		deploymentIds: [platform.deploymentId],
		members,
		pageSize
	});
	platform.routes.push((req, res) => services.handle(req, res));
	return {
		services,
		members,
		serviceClaims: (context, lineitem) => ({
			[AGS_CLAIM]: {
				scope: [`${AGS}lineitem`, `${AGS}result.readonly`, `${AGS}score`],
				lineitems: services.lineitemsUrl(context),
				...(lineitem ? { lineitem } : {})
			},
			[NRPS_CLAIM]: {
				context_memberships_url: services.membershipsUrl(context),
				service_versions: ['2.0']
			}
		}),
		deepLinkingClaims: (context, data) => ({
			[DL_SETTINGS]: {
				deep_link_return_url: services.deepLinkReturnUrl(context),
				accept_types: ['ltiResourceLink'],
				accept_presentation_document_targets: ['iframe', 'window'],
				accept_multiple: true,
				accept_lineitem: true,
				...(data ? { data } : {})
			}
		}),
		lineItem: (context, resourceId) =>
			[...services.state.lineItems.values()].find(
				(i) => i.context === context && i.resourceId === resourceId && !i.deleted
			)?.id
	};
}
