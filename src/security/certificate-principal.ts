/**
 * The user a verified client certificate stands for (mTLS authentication).
 *
 * Operators write mapping rules, tried in order; the first that matches one of
 * the certificate's names gives the user name, and a certificate no rule
 * matches names nobody (its call is then as anonymous as one without a
 * certificate). The text form follows Kafka's `ssl.principal.mapping.rules`
 * so that rules can be carried over:
 *
 * - `RULE:<regex>/<replacement>/[L|U]` matches the subject's distinguished
 *   name in RFC 4514 form, most specific first (`CN=alice,OU=ops,O=acme`);
 *   the replacement may use `$1`…; `L`/`U` lower- or upper-cases the result.
 * - `SAN:<DNS|URI|EMAIL>:<regex>/<replacement>/[L|U]` matches each subject
 *   alternative name of that type instead (`SAN:URI:^spiffe://acme/(.+)$/$1/`).
 * - `DEFAULT` is the subject's common name.
 *
 * Only the caller may decide that the certificate is verified: grpc-js hands
 * out a peer certificate only for an authorised TLS connection.
 */
import type { PeerCertificate } from 'node:tls';
import { CairnError } from '../protocol/errors.js';

export type CertificateNameSource = 'subject' | 'san-dns' | 'san-uri' | 'san-email';

export interface PrincipalMappingRule {
  readonly source: CertificateNameSource | 'common-name';
  /** Must match the whole name (the rule's own anchors decide); unused for `common-name`. */
  readonly pattern: RegExp | undefined;
  readonly replacement: string;
  readonly caseChange: 'lower' | 'upper' | undefined;
}

/** A user name is at most this long; a longer mapped name counts as no match rather than a truncated name. */
export const PRINCIPAL_NAME_LENGTH_MAX = 256;

/** The rule every configuration starts with when it gives none: the subject's CN. */
export const DEFAULT_PRINCIPAL_RULES: readonly PrincipalMappingRule[] = Object.freeze([
  Object.freeze({ source: 'common-name', pattern: undefined, replacement: '', caseChange: undefined }),
]);

const SAN_SOURCES: Readonly<Record<string, CertificateNameSource>> = { DNS: 'san-dns', URI: 'san-uri', EMAIL: 'san-email' };

/** Parses one rule in its text form; a bad rule is INVALID_CONFIG naming it. */
export function parsePrincipalMappingRule(text: string): PrincipalMappingRule {
  const rule = text.trim();
  if (rule === 'DEFAULT') return DEFAULT_PRINCIPAL_RULES[0]!;
  const bad = (why: string): CairnError => new CairnError('INVALID_CONFIG', `principal mapping rule ${JSON.stringify(text)}: ${why}`);
  let source: CertificateNameSource;
  let body: string;
  if (rule.startsWith('RULE:')) {
    source = 'subject';
    body = rule.slice('RULE:'.length);
  } else if (rule.startsWith('SAN:')) {
    const colon = rule.indexOf(':', 'SAN:'.length);
    const type = colon < 0 ? undefined : SAN_SOURCES[rule.slice('SAN:'.length, colon)];
    if (type === undefined) throw bad('SAN rules name the type: SAN:DNS:…, SAN:URI:… or SAN:EMAIL:…');
    source = type;
    body = rule.slice(colon + 1);
  } else {
    throw bad('expected DEFAULT, RULE:<regex>/<replacement>/[L|U] or SAN:<DNS|URI|EMAIL>:<regex>/<replacement>/[L|U]');
  }
  // The pattern may contain '/', so the replacement and flag are found from the end.
  const match = /^(.+)\/([^/]*)\/([LU]?)$/s.exec(body);
  if (match === null) throw bad('expected <regex>/<replacement>/ with an optional L or U after the last slash');
  const [, patternText, replacement, flag] = match as unknown as [string, string, string, string];
  let pattern: RegExp;
  try {
    pattern = new RegExp(patternText);
  } catch (error) {
    throw bad(`invalid regular expression: ${(error as Error).message}`);
  }
  return Object.freeze({ source, pattern, replacement, caseChange: flag === 'L' ? 'lower' : flag === 'U' ? 'upper' : undefined });
}

/** Parses a list of rules (config or flag); an empty list means DEFAULT. */
export function parsePrincipalMappingRules(texts: readonly string[]): readonly PrincipalMappingRule[] {
  return texts.length === 0 ? DEFAULT_PRINCIPAL_RULES : Object.freeze(texts.map(parsePrincipalMappingRule));
}

/** The user name the certificate maps to by the first matching rule, or undefined when none matches. */
export function principalFromCertificate(cert: PeerCertificate | undefined, rules: readonly PrincipalMappingRule[]): string | undefined {
  if (cert === undefined || cert.subject === undefined) return undefined;
  for (const rule of rules) {
    for (const name of namesOf(cert, rule.source)) {
      const mapped = rule.pattern === undefined ? name : mapName(name, rule.pattern, rule.replacement);
      if (mapped === undefined) continue;
      const user = rule.caseChange === 'lower' ? mapped.toLowerCase() : rule.caseChange === 'upper' ? mapped.toUpperCase() : mapped;
      if (user.length > 0 && user.length <= PRINCIPAL_NAME_LENGTH_MAX) return user;
    }
  }
  return undefined;
}

function mapName(name: string, pattern: RegExp, replacement: string): string | undefined {
  // A fresh non-global copy: a rule's regex may carry state (lastIndex) if it was written with /g.
  const regex = new RegExp(pattern.source, pattern.flags.replace('g', '').replace('y', ''));
  return regex.test(name) ? name.replace(regex, replacement) : undefined;
}

function namesOf(cert: PeerCertificate, source: PrincipalMappingRule['source']): readonly string[] {
  switch (source) {
    case 'common-name': {
      const cn = cert.subject.CN as string | string[] | undefined;
      // A subject with several CNs names nobody in particular.
      return typeof cn === 'string' ? [cn] : [];
    }
    case 'subject':
      return [distinguishedName(cert.subject)];
    case 'san-dns':
      return subjectAltNames(cert.subjectaltname).filter((san) => san.type === 'DNS').map((san) => san.value);
    case 'san-uri':
      return subjectAltNames(cert.subjectaltname).filter((san) => san.type === 'URI').map((san) => san.value);
    case 'san-email':
      return subjectAltNames(cert.subjectaltname).filter((san) => san.type === 'email').map((san) => san.value);
  }
}

/**
 * The subject in RFC 4514 form: attributes most specific first (the reverse of the certificate's
 * order, which Node keeps in the object's key order), special characters escaped with a backslash.
 */
export function distinguishedName(subject: PeerCertificate['subject']): string {
  const parts: string[] = [];
  for (const [type, value] of Object.entries(subject as unknown as Record<string, string | string[]>)) {
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`${type}=${escapeRdnValue(one)}`);
  }
  return parts.reverse().join(',');
}

function escapeRdnValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`).replace(/ $/, '\\ ');
}

export interface SubjectAltName {
  /** As Node spells it: `DNS`, `URI`, `email`, `IP Address`, … */
  readonly type: string;
  readonly value: string;
}

/**
 * Splits Node's `subjectaltname` string (`DNS:a, URI:cairn://x, IP Address:127.0.0.1`). Node
 * writes a value that could be mistaken for a separator as a JSON string (`URI:"a, b"`), which
 * is why this is not a plain split on ", ".
 */
export function subjectAltNames(text: string | undefined): readonly SubjectAltName[] {
  if (text === undefined || text === '') return [];
  const names: SubjectAltName[] = [];
  const entry = /([A-Za-z][A-Za-z ]*):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/gy;
  let match: RegExpExecArray | null;
  while (entry.lastIndex < text.length && (match = entry.exec(text)) !== null) {
    const [, type, raw] = match as unknown as [string, string, string];
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        return names; // malformed: what was read so far is all that can be trusted
      }
    }
    names.push({ type, value });
  }
  return names;
}
