import fc from 'fast-check';

/** A request body as the fuzzer sends it, with a label for the record. */
export interface Body {
	kind: string;
	contentType?: string;
	data: Buffer;
}

/** Field values an attacker or a broken client might send. */
export function fieldValue(valid: readonly string[] = []): fc.Arbitrary<string> {
	const odd = fc.constantFrom(
		'',
		'\u0000',
		'a\u0000b',
		'\ufffd',
		'%',
		'%00',
		'\r\n\r\n',
		'\u202e\u202d',
		'😀'.repeat(50),
		'<script>alert(1)</script>',
		'\'; drop table "user"; --',
		'=cmd|/c calc!A0',
		'-1',
		'1e309',
		'NaN',
		'  '
	);
	return fc.oneof(
		{ arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
		{ arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
		{ arbitrary: odd, weight: 3 },
		{ arbitrary: valid.length ? fc.constantFrom(...valid) : fc.constant('x'), weight: 3 },
		{
			arbitrary: fc
				.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 1_000, max: 60_000 }))
				.map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
			weight: 1
		}
	);
}

/** Field name → value pairs: the expected fields (some missing, some twice) and strangers. */
export function fields(
	schema: Record<string, readonly string[]>
): fc.Arbitrary<[string, string][]> {
	const known = Object.entries(schema).map(([name, valid]) =>
		fc
			.array(fieldValue(valid), { maxLength: 2 })
			.map((vs) => vs.map((v) => [name, v] as [string, string]))
	);
	const strangers = fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 12 }), fieldValue()), {
		maxLength: 3
	});
	return fc.tuple(fc.tuple(...known), strangers).map(([k, s]) => [...k.flat(), ...s]);
}

const urlencoded = (pairs: [string, string][]) =>
	Buffer.from(new URLSearchParams(pairs).toString(), 'utf8');

function multipart(pairs: [string, string][], boundary: string) {
	const parts = pairs.map(
		([k, v]) =>
			`--${boundary}\r\ncontent-disposition: form-data; name="${k.replace(/["\r\n]/g, '')}"\r\n\r\n${v}\r\n`
	);
	return Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
}

/** Counterexamples print as kind, type, size and the first bytes — not a megabyte of numbers. */
function printable(b: Body): Body {
	const head = b.data.subarray(0, 300).toString('utf8');
	return Object.assign(b, {
		[fc.toStringMethod]: () =>
			`${b.kind} (${b.contentType ?? 'no content-type'}, ${b.data.length} bytes): ${JSON.stringify(head)}`
	});
}

/** Every body shape that reached a form action in review: well-formed ones with odd values, and junk. */
export function body(schema: Record<string, readonly string[]>): fc.Arbitrary<Body> {
	return bodies(schema).map(printable);
}

function bodies(schema: Record<string, readonly string[]>): fc.Arbitrary<Body> {
	const FORM = 'application/x-www-form-urlencoded';
	return fc.oneof(
		{
			arbitrary: fields(schema).map((p) => ({
				kind: 'urlencoded',
				contentType: FORM,
				data: urlencoded(p)
			})),
			weight: 6
		},
		{
			arbitrary: fields(schema).map((p) => ({
				kind: 'multipart',
				contentType: 'multipart/form-data; boundary=fuzzBOUNDARY',
				data: multipart(p, 'fuzzBOUNDARY')
			})),
			weight: 3
		},
		{
			arbitrary: fc.tuple(fields(schema), fc.nat(200)).map(([p, cut]) => ({
				kind: 'multipart-broken',
				contentType: 'multipart/form-data; boundary=otherBOUNDARY',
				data: multipart(p, 'fuzzBOUNDARY').subarray(cut)
			})),
			weight: 1
		},
		{
			// Bytes that are not UTF-8, raw and percent-encoded.
			arbitrary: fc
				.tuple(
					fc.constantFrom(...Object.keys(schema), 'x'),
					fc.uint8Array({ minLength: 1, maxLength: 20 })
				)
				.map(([k, bytes]) => ({
					kind: 'not-utf8',
					contentType: FORM,
					data: Buffer.concat([
						Buffer.from(`${k}=`),
						Buffer.from(bytes),
						Buffer.from(`&${k}=%FF%C3%28`)
					])
				})),
			weight: 1
		},
		{
			arbitrary: fc
				.tuple(
					fc.constantFrom(
						'text/plain',
						'application/json',
						'application/x-sveltekit-formdata',
						'application/octet-stream',
						'',
						'multipart/form-data',
						FORM + '; charset=latin1'
					),
					fc.oneof(fc.json(), fc.string({ unit: 'binary' }))
				)
				.map(([contentType, text]) => ({
					kind: `other:${contentType}`,
					contentType: contentType || undefined,
					data: Buffer.from(text, 'utf8')
				})),
			weight: 2
		},
		{
			arbitrary: fc.constant({
				kind: 'huge',
				contentType: FORM,
				data: Buffer.from(`name=${'x'.repeat(1_100_000)}`)
			}),
			weight: 1
		}
	);
}

/** A path segment or query value, percent-encoded or raw, including malformed escapes. */
export const urlPiece: fc.Arbitrary<string> = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
	fc.constantFrom(
		'%00',
		'%',
		'%0',
		'%FF',
		'%C3%28',
		'%E0%A4%A',
		'..',
		'%2e%2e',
		'%2F',
		'%5C',
		'a%00b',
		'\u00ff'
	),
	fc.stringMatching(/^[a-z2-7]{1,40}$/)
);
