import { afterEach, describe, expect, it, vi } from 'vitest';
import { componentLogger, createLogger, Metrics, parseTrace } from '../../../src/observability/index.js';

describe('createLogger', () => {
  it('writes JSON lines with the node id and component, filtered by level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', nodeId: 3, destination: { write: (line: string) => lines.push(line) } });
    const raft = componentLogger(logger, 'raft');
    raft.debug('hidden');
    raft.info({ term: 2 }, 'became leader');

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, nodeId: 3, component: 'raft', term: 2, msg: 'became leader' });
  });
});

describe('Metrics', () => {
  it('creates a metric once per name and exposes it in Prometheus format', async () => {
    const metrics = new Metrics({ defaultLabels: { node: '1' } });
    const produced = metrics.counter('cairn_produce_requests_total', 'Produce requests', ['result']);
    expect(metrics.counter('cairn_produce_requests_total', 'Produce requests', ['result'])).toBe(produced);
    produced.inc({ result: 'ok' }, 2);
    metrics.histogram('cairn_append_seconds', 'Append latency', [], [0.001, 0.01]).observe(0.005);
    metrics.gauge('cairn_groups', 'Local Raft groups').set(4);

    const text = await metrics.expose();
    expect(text).toContain('cairn_produce_requests_total{result="ok",node="1"} 2');
    expect(text).toContain('cairn_append_seconds_bucket{le="0.01",node="1"} 1');
    expect(text).toContain('cairn_groups{node="1"} 4');
    expect(metrics.contentType).toContain('text/plain');
  });

  it('keeps registries apart, so two nodes can share a process', () => {
    const [first, second] = [new Metrics(), new Metrics()];
    expect(first.counter('cairn_x_total', 'x')).not.toBe(second.counter('cairn_x_total', 'x'));
  });

  it('refuses the same name with another type or labels', () => {
    const metrics = new Metrics();
    metrics.counter('cairn_x_total', 'x', ['a']);
    expect(() => metrics.gauge('cairn_x_total', 'x', ['a'])).toThrow('metric cairn_x_total is a counter with labels [a], not a gauge with [a]');
    expect(() => metrics.counter('cairn_x_total', 'x', ['b'])).toThrow('not a counter with [b]');
  });
});

describe('trace', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('parses components, all, and reports unknown names', () => {
    expect([...parseTrace('raft, transport,,bogus').enabled]).toEqual(['raft', 'transport']);
    expect(parseTrace('raft,bogus').unknown).toEqual(['bogus']);
    expect(parseTrace('all').enabled.size).toBeGreaterThan(5);
    expect(parseTrace(undefined).enabled.size).toBe(0);
  });

  it('reads CAIRN_TRACE once', async () => {
    vi.stubEnv('CAIRN_TRACE', 'transport');
    const { traceEnabled } = await import('../../../src/observability/trace.js');
    expect([traceEnabled('transport'), traceEnabled('raft')]).toEqual([true, false]);
    vi.stubEnv('CAIRN_TRACE', 'raft');
    expect(traceEnabled('raft')).toBe(false);
  });
});
