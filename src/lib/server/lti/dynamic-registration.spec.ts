import { describe, expect, it } from 'vitest';
import {
	clientMetadata,
	configurationUrl,
	parseConfiguration,
	RegistrationError,
	TOOL_SCOPES
} from './dynamic-registration';

const configUrl = new URL('https://lms.example.org/mod/lti/openid-configuration.php');
const valid = () => ({
	issuer: 'https://lms.example.org',
	authorization_endpoint: 'https://lms.example.org/mod/lti/auth.php',
	token_endpoint: 'https://lms.example.org/mod/lti/token.php',
	jwks_uri: 'https://lms.example.org/mod/lti/certs.php',
	registration_endpoint: 'https://lms.example.org/mod/lti/openid-registration.php',
	token_endpoint_auth_methods_supported: ['private_key_jwt'],
	id_token_signing_alg_values_supported: ['RS256'],
	'https://purl.imsglobal.org/spec/lti-platform-configuration': {
		product_family_code: 'moodle',
		version: '4.5',
		messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }]
	}
});

function problemOf(json: unknown, url = configUrl) {
	try {
		parseConfiguration(url, json);
	} catch (e) {
		if (e instanceof RegistrationError) return [e.problem, e.detail];
		throw e;
	}
	return undefined;
}

describe('the platform configuration (LTI DR §3.4.1, §3.5.1)', () => {
	it('reads a Moodle-like configuration', () => {
		const c = parseConfiguration(configUrl, valid());
		expect(c).toMatchObject({
			issuer: 'https://lms.example.org',
			authorizationEndpoint: 'https://lms.example.org/mod/lti/auth.php',
			tokenEndpoint: 'https://lms.example.org/mod/lti/token.php',
			jwksUri: 'https://lms.example.org/mod/lti/certs.php',
			productFamilyCode: 'moodle'
		});
	});

	it('refuses an issuer on another origin than the configuration URL', () => {
		expect(problemOf({ ...valid(), issuer: 'https://other.example.org' })).toEqual([
			'issuer_origin',
			'https://other.example.org'
		]);
		expect(problemOf({ ...valid(), issuer: 'http://lms.example.org' })?.[0]).toBe('issuer_origin');
		expect(problemOf({ ...valid(), issuer: 'lms' })?.[0]).toBe('issuer_origin');
		// A subdirectory issuer on the same origin is fine (Moodle in /moodle).
		expect(problemOf({ ...valid(), issuer: 'https://lms.example.org/moodle' })).toBeUndefined();
	});

	it('names the missing or bad field', () => {
		const { jwks_uri: _, ...noJwks } = valid();
		expect(problemOf(noJwks)).toEqual(['config_invalid', 'jwksUri']);
		expect(problemOf({ ...valid(), registration_endpoint: 'ftp://x' })).toEqual([
			'config_invalid',
			'registrationEndpoint'
		]);
		expect(problemOf({ ...valid(), issuer: '' })).toEqual(['config_invalid', 'issuer']);
		expect(problemOf([valid()])?.[0]).toBe('config_invalid');
		expect(problemOf(null)?.[0]).toBe('config_invalid');
	});

	it('refuses a platform without RS256 id tokens, private_key_jwt or the LTI claim', () => {
		expect(problemOf({ ...valid(), id_token_signing_alg_values_supported: ['HS256'] })?.[0]).toBe(
			'unsupported'
		);
		expect(
			problemOf({ ...valid(), token_endpoint_auth_methods_supported: ['client_secret_basic'] })
		).toEqual(['unsupported', 'token_endpoint_auth_methods_supported']);
		const noLti: Record<string, unknown> = valid();
		delete noLti['https://purl.imsglobal.org/spec/lti-platform-configuration'];
		expect(problemOf(noLti)).toEqual(['unsupported', 'lti']);
	});
});

describe('the registration link', () => {
	it('takes https, and http on loopback only while Lernpfad itself runs there', () => {
		const prod = 'https://lernpfad.example.org';
		expect(
			configurationUrl('https://lms.example.org/.well-known/openid-configuration', prod)?.href
		).toBe('https://lms.example.org/.well-known/openid-configuration');
		expect(configurationUrl('http://lms.example.org/config', prod)).toBeUndefined();
		expect(configurationUrl('http://127.0.0.1:8080/config', prod)).toBeUndefined();
		expect(configurationUrl('http://127.0.0.1:8080/config', 'http://localhost:4173')?.origin).toBe(
			'http://127.0.0.1:8080'
		);
		expect(configurationUrl('https://user:pw@lms.example.org/c', prod)).toBeUndefined();
		expect(configurationUrl('javascript:alert(1)', prod)).toBeUndefined();
		expect(configurationUrl(null, prod)).toBeUndefined();
	});
});

describe('the client metadata (LTI DR §3.5.2)', () => {
	it('asks for what Lernpfad uses, with its own URLs', () => {
		const md = clientMetadata(
			'https://lernpfad.example.org',
			{ placements: { LtiDeepLinkingRequest: ['link_selection', 'course_navigation'] } },
			{ en: 'Lernpfad', de: 'Lernpfad' }
		);
		expect(md).toMatchObject({
			application_type: 'web',
			response_types: ['id_token'],
			grant_types: ['implicit', 'client_credentials'],
			initiate_login_uri: 'https://lernpfad.example.org/lti/login',
			redirect_uris: ['https://lernpfad.example.org/lti/launch'],
			jwks_uri: 'https://lernpfad.example.org/lti/jwks',
			token_endpoint_auth_method: 'private_key_jwt'
		});
		expect(md.scope.split(' ')).toEqual([...TOOL_SCOPES]);
		const tool = md['https://purl.imsglobal.org/spec/lti-tool-configuration'];
		expect(tool.domain).toBe('lernpfad.example.org');
		expect(tool.target_link_uri).toBe('https://lernpfad.example.org/lti/launch');
		expect(tool.messages.map((m) => m.type)).toEqual([
			'LtiResourceLinkRequest',
			'LtiDeepLinkingRequest'
		]);
		// Only the placements the platform offers.
		expect(tool.messages[1]).toMatchObject({ placements: ['link_selection'] });
	});
});
