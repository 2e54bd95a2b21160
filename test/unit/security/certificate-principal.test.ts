import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/protocol/errors.js';
import {
  DEFAULT_PRINCIPAL_RULES,
  distinguishedName,
  parsePrincipalMappingRule,
  parsePrincipalMappingRules,
  principalFromCertificate,
  subjectAltNames,
} from '../../../src/security/certificate-principal.js';

/** The fields of a PeerCertificate the mapping reads, in the shape Node gives them (subject keys in certificate order). */
function certificate(subject: Record<string, string | string[]>, subjectaltname?: string): PeerCertificate {
  return { subject, subjectaltname } as unknown as PeerCertificate;
}

const rules = (...texts: string[]) => parsePrincipalMappingRules(texts);

describe('principalFromCertificate', () => {
  it('maps to the subject CN by default', () => {
    expect(principalFromCertificate(certificate({ O: 'acme', CN: 'alice' }), DEFAULT_PRINCIPAL_RULES)).toBe('alice');
  });

  it('names nobody without a certificate, or with several CNs under the default rule', () => {
    expect(principalFromCertificate(undefined, DEFAULT_PRINCIPAL_RULES)).toBeUndefined();
    expect(principalFromCertificate(certificate({ CN: ['a', 'b'] }), DEFAULT_PRINCIPAL_RULES)).toBeUndefined();
  });

  it('matches RULE patterns against the RFC 4514 subject, most specific attribute first', () => {
    const cert = certificate({ C: 'DE', O: 'acme', OU: 'ops', CN: 'Alice' });
    expect(principalFromCertificate(cert, rules('RULE:^CN=([^,]+),OU=ops,.*$/$1/L'))).toBe('alice');
    expect(principalFromCertificate(cert, rules('RULE:^CN=([^,]+),OU=([^,]+),.*$/$2-$1/U'))).toBe('OPS-ALICE');
  });

  it('tries rules in order and takes the first match', () => {
    const cert = certificate({ CN: 'svc-billing' }, 'DNS:billing.acme.internal');
    const ordered = rules('RULE:^CN=svc-(.+)$/service-$1/', 'SAN:DNS:^([a-z]+)\\.acme\\.internal$/$1/');
    expect(principalFromCertificate(cert, ordered)).toBe('service-billing');
    expect(principalFromCertificate(cert, [...ordered].reverse())).toBe('billing');
  });

  it('maps from a SAN of the named type only', () => {
    const cert = certificate({ CN: 'x' }, 'DNS:spiffe.example, URI:spiffe://acme/ns/prod/sa/api, email:ops@acme.example');
    expect(principalFromCertificate(cert, rules('SAN:URI:^spiffe://acme/ns/([^/]+)/sa/([^/]+)$/$2@$1/'))).toBe('api@prod');
    expect(principalFromCertificate(cert, rules('SAN:EMAIL:^([^@]+)@acme\\.example$/$1/'))).toBe('ops');
    expect(principalFromCertificate(cert, rules('SAN:DNS:^spiffe://(.*)$/$1/'))).toBeUndefined();
  });

  it('names nobody when no rule matches, rather than falling back to the CN', () => {
    expect(principalFromCertificate(certificate({ CN: 'mallory' }), rules('RULE:^CN=([^,]+),O=acme$/$1/'))).toBeUndefined();
  });

  it('refuses a mapped name that is empty or too long', () => {
    expect(principalFromCertificate(certificate({ CN: 'x' }), rules('RULE:^CN=x$//'))).toBeUndefined();
    expect(principalFromCertificate(certificate({ CN: 'a'.repeat(300) }), DEFAULT_PRINCIPAL_RULES)).toBeUndefined();
  });

  it('cannot be fooled by a CN that carries a comma into matching another attribute', () => {
    // "CN=eve,O=acme" as a CN value is escaped, so a rule anchored on O=acme does not see it.
    const cert = certificate({ O: 'evil', CN: 'eve,O=acme' });
    expect(distinguishedName(cert.subject)).toBe('CN=eve\\,O\\=acme,O=evil');
    expect(principalFromCertificate(cert, rules('RULE:^CN=([^,\\\\]+),O=acme$/$1/'))).toBeUndefined();
  });
});

describe('parsePrincipalMappingRule', () => {
  it('keeps slashes inside the pattern', () => {
    const rule = parsePrincipalMappingRule('SAN:URI:^https://acme/users/(.+)$/$1/');
    expect(rule.source).toBe('san-uri');
    expect(rule.pattern?.source).toBe('^https:\\/\\/acme\\/users\\/(.+)$');
  });

  it.each([
    ['CN=alice', 'expected DEFAULT'],
    ['RULE:^CN=(.*)$/$1', 'expected <regex>/<replacement>/'],
    ['RULE:^CN=(.*)$/$1/X', 'expected <regex>/<replacement>/'],
    ['RULE:^CN=((.*)$/$1/', 'invalid regular expression'],
    ['SAN:IP:^(.*)$/$1/', 'SAN rules name the type'],
  ])('refuses %s as INVALID_CONFIG', (text, why) => {
    expect(() => parsePrincipalMappingRule(text)).toThrow(CairnError);
    expect(() => parsePrincipalMappingRule(text)).toThrow(why);
    try {
      parsePrincipalMappingRule(text);
    } catch (error) {
      expect((error as CairnError).code).toBe('INVALID_CONFIG');
    }
  });
});

describe('subjectAltNames', () => {
  it('reads Node\'s quoted form of a value containing a separator', () => {
    expect(subjectAltNames('DNS:a, URI:"cairn://x/node/1, DNS:evil", IP Address:127.0.0.1')).toEqual([
      { type: 'DNS', value: 'a' },
      { type: 'URI', value: 'cairn://x/node/1, DNS:evil' },
      { type: 'IP Address', value: '127.0.0.1' },
    ]);
  });
});
