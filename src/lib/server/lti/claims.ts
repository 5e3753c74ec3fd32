/** Claim names of LTI Core 1.3 (§5), Deep Linking 2.0, AGS 2.0 and NRPS 2.0. */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export const CLAIM = {
	messageType: `${LTI}message_type`,
	version: `${LTI}version`,
	deploymentId: `${LTI}deployment_id`,
	targetLinkUri: `${LTI}target_link_uri`,
	resourceLink: `${LTI}resource_link`,
	roles: `${LTI}roles`,
	context: `${LTI}context`,
	platform: `${LTI}tool_platform`,
	launchPresentation: `${LTI}launch_presentation`,
	custom: `${LTI}custom`,
	lis: `${LTI}lis`,
	roleScopeMentor: `${LTI}role_scope_mentor`,
	ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
	nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
	deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
	deepLinkingContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
	deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
	deepLinkingMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
	deepLinkingErrorMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg'
} as const;

export const LTI_VERSION = '1.3.0';
export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const AGS_SCOPE = {
	lineitem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
	lineitemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
	resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
	score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score'
} as const;
export const NRPS_SCOPE =
	'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly' as const;

/** LTI Core 1.3 §A.2: context roles that make someone teach the LMS course here. */
const TEACHING = ['Instructor', 'TeachingAssistant', 'ContentDeveloper', 'Mentor'];

/**
 * True for a context (or, as §A.2.3.1 allows, a simple-name) teaching role. Institution and
 * system roles (e.g. `…/institution/person#Administrator`) never count: a platform admin is not a
 * Lernpfad instructor or admin. Sub-roles (`…/membership/Instructor#TeachingAssistant`) count.
 */
export function isTeachingRole(role: string): boolean {
	const context = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
	const sub = 'http://purl.imsglobal.org/vocab/lis/v2/membership/';
	if (role.startsWith(context)) return TEACHING.includes(role.slice(context.length));
	if (role.startsWith(sub)) return TEACHING.includes(role.slice(sub.length).split('#')[0]);
	return TEACHING.includes(role);
}

export interface AgsEndpoint {
	scope?: string[];
	lineitems?: string;
	lineitem?: string;
}

export interface NrpsService {
	context_memberships_url: string;
	service_versions?: string[];
}

export interface DeepLinkingSettings {
	deep_link_return_url: string;
	accept_types: string[];
	accept_presentation_document_targets?: string[];
	accept_multiple?: boolean;
	auto_create?: boolean;
	title?: string;
	text?: string;
	data?: string;
}

export interface LaunchPresentation {
	document_target?: 'iframe' | 'window' | 'frame' | string;
	return_url?: string;
	locale?: string;
	width?: number;
	height?: number;
}

/** The claims of an id_token after `verifyLaunch` checked signature, audience, time and nonce. */
export interface LaunchClaims {
	iss: string;
	sub: string;
	aud: string | string[];
	azp?: string;
	exp: number;
	iat: number;
	nonce: string;
	name?: string;
	given_name?: string;
	family_name?: string;
	email?: string;
	locale?: string;
	[CLAIM.messageType]: MessageType;
	[CLAIM.version]: typeof LTI_VERSION;
	[CLAIM.deploymentId]: string;
	[CLAIM.targetLinkUri]: string;
	[CLAIM.roles]: string[];
	[CLAIM.resourceLink]?: { id: string; title?: string; description?: string };
	[CLAIM.context]?: { id: string; label?: string; title?: string; type?: string[] };
	[CLAIM.platform]?: { guid?: string; name?: string; product_family_code?: string };
	[CLAIM.launchPresentation]?: LaunchPresentation;
	[CLAIM.custom]?: Record<string, string>;
	[CLAIM.ags]?: AgsEndpoint;
	[CLAIM.nrps]?: NrpsService;
	[CLAIM.deepLinkingSettings]?: DeepLinkingSettings;
}

/** A verified launch: the claims, and the registration and deployment they belong to. */
export interface VerifiedLaunch {
	platformId: string;
	deploymentId: string;
	messageType: MessageType;
	claims: LaunchClaims;
}
