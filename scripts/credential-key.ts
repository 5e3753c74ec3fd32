/**
 * Prints a new Ed25519 private key as a JWK, for CREDENTIAL_SIGNING_KEY:
 *   CREDENTIAL_SIGNING_KEY="$(npm run -s credential:key)"
 * Keep it secret and keep it: credentials signed with it verify only while its public half is published.
 */
import { calculateJwkThumbprint } from 'jose';
import { newPrivateJwk } from '../src/lib/server/certificates/keys';

const jwk = await newPrivateJwk();
console.log(JSON.stringify({ ...jwk, kid: await calculateJwkThumbprint(jwk) }));
