import assert from 'node:assert/strict';
import { Redactor } from '../../src/errors/index.ts';
import { findSecret, formsOf } from '../../src/errors/secret-forms.ts';
import { secretsIn } from '../helpers/secret-encodings.ts';

const ACCESS_KEY = 'sk_live/9f+Ab=c~d.e-f_g';
const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI3ZTU3ZTU3ZS0wMDAwIiwidGVzdCI6dHJ1ZX0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';

/** Each encoding written here independently of the code under test, as servers produce them. */
const ENCODINGS: { name: string; encode: (secret: string) => string; found: string }[] = [
  { name: 'raw', encode: (s) => s, found: 'raw' },
  { name: 'JSON.stringify', encode: (s) => JSON.stringify(s).slice(1, -1), found: 'raw' },
  { name: 'JSON with \\/ (PHP)', encode: (s) => s.replaceAll('/', '\\/'), found: 'JSON-escaped' },
  {
    name: 'JSON with \\uXXXX for every symbol (.NET)',
    encode: (s) => s.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`),
    found: 'JSON-escaped',
  },
  { name: 'encodeURIComponent', encode: (s) => encodeURIComponent(s), found: 'percent-encoded' },
  {
    name: 'percent-encoded, lower-case hex',
    encode: (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    found: 'percent-encoded',
  },
  {
    name: 'every byte percent-encoded',
    encode: (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    found: 'percent-encoded',
  },
  {
    name: 'HTML character references',
    encode: (s) => s.replace(/[/+=]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
    found: 'HTML-escaped',
  },
  { name: 'mixed: \\/ and %2B', encode: (s) => s.replaceAll('/', '\\/').replaceAll('+', '%2B'), found: 'percent-encoded and JSON-escaped' },
];

describe('Redactor: every encoding of a secret', () => {
  const redactor = new Redactor([ACCESS_KEY, TOKEN]);

  for (const secret of [ACCESS_KEY, TOKEN]) {
    for (const { name, encode, found } of ENCODINGS) {
      it(`masks ${name} (${secret === TOKEN ? 'a JWT' : 'a key with / + = ~'}) and names how it was written`, () => {
        const text = `{"detail":"key ${encode(secret)} refused","n":1}`;
        const redacted = redactor.text(text);
        assert.ok(!redacted.includes(encode(secret)), redacted);
        assert.equal(redacted, '{"detail":"key *** refused","n":1}');
        assert.equal(findSecret(text, formsOf(secret)), encode(secret) === secret ? 'raw' : found);
      });
    }
    for (const encoding of ['base64', 'base64url'] as const) {
      for (const before of ['', 'x', 'xy']) {
        it(`masks ${encoding} of a value holding the secret at byte offset ${before.length}`, () => {
          const text = `Basic ${Buffer.from(`${before}user:${secret}:end`).toString(encoding)}`;
          const redacted = redactor.text(text);
          assert.ok(!Buffer.from(redacted.slice(6), encoding).toString('latin1').includes(secret), redacted);
          // base64 and base64url agree wherever neither has + / - _, so either name is right there.
          assert.ok(['base64', 'base64url'].includes(findSecret(text, formsOf(secret))!));
        });
      }
    }
  }

  it('leaves text without a secret as it is, escapes and all', () => {
    const text = '{"path":"\\/lot-1\\/session","q":"a%2Fb","html":"&amp;&#47;","b64":"c2stbGl2ZQ=="}';
    assert.equal(redactor.text(text), text);
    assert.equal(findSecret(text, formsOf(ACCESS_KEY)), undefined);
  });

  it('shows escaped text around an escaped secret decoded, the secret masked', () => {
    // The Redactor masks an escaped secret in the decoded text (src/errors/redactor.ts says why).
    const text = `q=a%20b&key=${encodeURIComponent(ACCESS_KEY)}&html=&lt;p&gt;`;
    assert.equal(redactor.text(text), 'q=a b&key=***&html=<p>');
  });

  it('masks a secret written both raw and escaped in one text', () => {
    const text = `${ACCESS_KEY} ${ACCESS_KEY.replaceAll('/', '\\/')} ${encodeURIComponent(TOKEN)}`;
    assert.equal(redactor.text(text), '*** *** ***');
  });

  it('masks a secret escaped twice, and shows no form of it escaped once', () => {
    // JSON inside a JSON string (the inner \/ becomes \\/), and a value percent-encoded twice.
    const inner = JSON.stringify({ key: ACCESS_KEY.replaceAll('/', '\\/') });
    const text = JSON.stringify({ body: inner, q: encodeURIComponent(encodeURIComponent(ACCESS_KEY)) });
    const redacted = redactor.text(text);
    assert.deepEqual(secretsIn(redacted, [ACCESS_KEY]), []);
    assert.equal(redacted.split('***').length, 3, redacted);
  });

  it('says a secret escaped more than once came back, though not escape by escape', () => {
    const cases: [text: string, found: string][] = [
      [encodeURIComponent(encodeURIComponent(ACCESS_KEY)), 'escaped 2 times'],
      // PHP's \/ inside a JSON string, inside another: three levels.
      [JSON.stringify(JSON.stringify(ACCESS_KEY.replaceAll('/', '\\/'))), 'escaped 3 times'],
    ];
    for (const [text, found] of cases) assert.equal(findSecret(text, formsOf(ACCESS_KEY)), found, text);
  });

  it('masks and finds the hex of a secret, in either case (hex dumps, digests of bytes)', () => {
    for (const secret of [ACCESS_KEY, TOKEN]) {
      for (const hex of [Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('hex').toUpperCase()]) {
        const text = `{"dump":"${hex}"}`;
        assert.equal(redactor.text(text), '{"dump":"***"}');
        assert.equal(findSecret(text, formsOf(secret)), 'hex');
      }
    }
  });

  it('finds a percent-encoded secret after bytes that are no UTF-8', () => {
    // A run of %XX is decoded as one: an invalid byte before the secret must not hide it.
    for (const before of ['%FF', '%E2%82', '%C3']) {
      const text = `x=${before}${[...Buffer.from(ACCESS_KEY)].map((b) => `%${b.toString(16)}`).join('')}`;
      assert.ok(!redactor.text(text).includes('%73%6b'), redactor.text(text));
      assert.ok(redactor.text(text).endsWith('***'), redactor.text(text));
      assert.equal(findSecret(text, formsOf(ACCESS_KEY)), 'percent-encoded');
    }
  });

  it('keeps masking Bearer tokens it was never told about, and access_key in URLs', () => {
    assert.equal(redactor.text('Authorization: Bearer abcdefgh12345678'), 'Authorization: Bearer ***');
    assert.equal(redactor.url('https://h/x?access_key=short&a=1'), 'https://h/x?access_key=***&a=1');
  });
});
