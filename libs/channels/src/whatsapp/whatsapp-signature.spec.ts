import { createHmac } from 'node:crypto';
import { verifyWhatsappSignature } from './whatsapp-signature.js';

// The vector of samples/README.md: Meta escapes non-ASCII, so the 14 bytes hold a literal backslash-u.
const vectorBody = Buffer.from('{"a":"\\u00e4"}', 'utf8');
const vectorHeader = 'sha256=0d3c71ac3dfc0265078609ca7c2b62aa05afa8c8223381148b34a771889c2e32';

describe('verifyWhatsappSignature', () => {
  it('accepts the documented vector', () => {
    expect(vectorBody).toHaveLength(14);
    expect(verifyWhatsappSignature(vectorBody, vectorHeader, 'appsecret')).toBe(true);
  });

  it('accepts a signature of any body computed as Meta does', () => {
    const body = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [] }));
    const header = `sha256=${createHmac('sha256', 'another secret').update(body).digest('hex')}`;
    expect(verifyWhatsappSignature(body, header, 'another secret')).toBe(true);
  });

  it.each([
    ['upper-case hex', vectorBody, vectorHeader.toUpperCase().replace('SHA256=', 'sha256='), 'appsecret', true],
    ['surrounding spaces', vectorBody, ` ${vectorHeader} `, 'appsecret', true],
    ['wrong secret', vectorBody, vectorHeader, 'other', false],
    ['re-serialized body (ä unescaped)', Buffer.from('{"a":"ä"}'), vectorHeader, 'appsecret', false],
    ['body with one more byte', Buffer.from('{"a":"\\u00e4"} '), vectorHeader, 'appsecret', false],
    ['missing header', vectorBody, undefined, 'appsecret', false],
    ['empty header', vectorBody, '', 'appsecret', false],
    ['hex without prefix', vectorBody, vectorHeader.slice('sha256='.length), 'appsecret', false],
    ['sha1 prefix', vectorBody, vectorHeader.replace('sha256', 'sha1'), 'appsecret', false],
    ['truncated hex', vectorBody, vectorHeader.slice(0, -2), 'appsecret', false],
    ['non-hex characters', vectorBody, `${vectorHeader.slice(0, -2)}zz`, 'appsecret', false],
    ['two signatures', vectorBody, `${vectorHeader},${vectorHeader}`, 'appsecret', false],
    ['empty app secret', vectorBody, vectorHeader, '', false],
  ])('%s', (_case, body, header, secret, expected) => {
    expect(verifyWhatsappSignature(body, header, secret)).toBe(expected);
  });

  it('refuses a body signed with an empty secret when the channel has none', () => {
    const header = `sha256=${createHmac('sha256', '').update(vectorBody).digest('hex')}`;
    expect(verifyWhatsappSignature(vectorBody, header, '')).toBe(false);
  });
});
