import { describe, expect, it } from 'vitest';
import { clusterService, dataService, groupsService, securityService } from '../../../src/protocol/proto.js';
import { RPC_RULES } from '../../../src/security/rpc-permissions.js';
import { CallGuard } from '../../../src/security/call-guard.js';
import { Authorizer } from '../../../src/security/authorizer.js';
import { EMPTY_SECURITY } from '../../../src/metadata/index.js';
import { createLogger } from '../../../src/observability/index.js';

const SERVICES = { Cluster: clusterService(), Data: dataService(), Groups: groupsService(), Security: securityService() };

describe('the enforcement table', () => {
  it('has a rule for every method of every client service, and none for a method that does not exist', () => {
    expect(Object.keys(RPC_RULES).sort()).toEqual(Object.keys(SERVICES).sort());
    for (const [service, definition] of Object.entries(SERVICES)) {
      expect(Object.keys(RPC_RULES[service]!).sort(), service).toEqual(Object.keys(definition).sort());
    }
  });

  it('leaves only Authenticate public', () => {
    const open = Object.entries(RPC_RULES).flatMap(([service, rules]) => Object.entries(rules).filter(([, rule]) => rule.requires === 'public').map(([method]) => `${service}.${method}`));
    expect(open).toEqual(['Security.Authenticate']);
  });

  it('asks write on every topic of a produce, once each', () => {
    const requires = RPC_RULES.Data!.Produce!.requires as (m: unknown) => unknown;
    expect(requires({ partitions: [{ topic: 'a' }, { topic: 'b' }, { topic: 'a' }] })).toEqual([
      { anyOf: [{ operation: 'write', resource: { type: 'topic', name: 'a' } }] },
      { anyOf: [{ operation: 'write', resource: { type: 'topic', name: 'b' } }] },
    ]);
  });
});

describe('CallGuard.wrap', () => {
  const guard = (authentication: boolean): CallGuard =>
    new CallGuard({ authentication, authorization: authentication, authorizer: new Authorizer(new Set()), security: () => EMPTY_SECURITY, nowMs: () => 0, logger: createLogger({ level: 'silent' }) });

  it('refuses to serve a method the table has no rule for, whether or not security is on', () => {
    for (const on of [false, true]) {
      const g = guard(on);
      const definition = { ...dataService(), Unlisted: dataService().Fetch };
      expect(() => g.wrap('Data', definition, {})).toThrow(/no authorization rule for Data.Unlisted/);
      g.close();
    }
  });

  it('leaves the handlers untouched when authentication and authorization are off', () => {
    const g = guard(false);
    const implementation = { Fetch: () => {} };
    expect(g.wrap('Data', dataService(), implementation)).toBe(implementation);
    g.close();
  });
});
