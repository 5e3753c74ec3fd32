/** 20 random bytes in lower-case base32: 32 characters carrying 160 bits. */
export const CERTIFICATE_CODE = /^[a-z2-7]{32}$/;

export function isCertificateCode(value: string): boolean {
	return CERTIFICATE_CODE.test(value);
}
