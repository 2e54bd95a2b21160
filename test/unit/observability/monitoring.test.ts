/**
 * deploy/k8s/components/monitoring: the alert rules pass Prometheus's own
 * checker (promtool, installed by scripts/install-promtool.sh when missing)
 * and its unit tests of when each alert fires; every dashboard query is valid
 * PromQL; the component's pieces fit the deployment in deploy/k8s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { MONITORING_DIR, alertQueries, alertRuleGroups, dashboardQueries, metricNames, unexported } from '../../integration/support/monitoring-queries.js';

const ROOT = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'cairn-monitoring-'));

function promtool(...args: string[]): { code: number | null; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the monitoring component', () => {
  beforeAll(() => {
    execFileSync(join(ROOT, 'scripts/install-promtool.sh'), { stdio: 'inherit', timeout: 280_000 });
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has alert rules that promtool check rules accepts', () => {
    const rules = join(work, 'rules.yaml');
    writeFileSync(rules, stringify({ groups: alertRuleGroups() }));
    const { code, output } = promtool('check', 'rules', rules);
    expect(output).toContain(`SUCCESS: ${alertQueries().length} rules found`);
    expect(code).toBe(0);
  });

  it('fires each alert when, and only when, its unit tests say (promtool test rules)', () => {
    writeFileSync(join(work, 'rules.yaml'), stringify({ groups: alertRuleGroups() }));
    copyFileSync(join(import.meta.dirname, 'fixtures/alerts.promtool.yaml'), join(work, 'alerts.promtool.yaml'));
    const { code, output } = promtool('test', 'rules', join(work, 'alerts.promtool.yaml'));
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
    // Every alert has a test.
    const tested = readFileSync(join(work, 'alerts.promtool.yaml'), 'utf8');
    for (const group of alertRuleGroups()) for (const rule of group.rules) expect(tested).toContain(`alertname: ${rule.alert!}`);
  });

  it('has dashboard queries that are all valid PromQL', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    const file = join(work, 'dashboard-queries.yaml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules: queries.map((expr, i) => ({ record: `cairn:dashboard_query_${i}`, expr })) }] }));
    const { code, output } = promtool('check', 'rules', file);
    expect(output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(code).toBe(0);
  });

  it('notices a query naming a metric no node exports (the check the integration test runs against a real node)', () => {
    const families = new Map([['cairn_rpc_duration_seconds', 'histogram'], ['cairn_node_ready', 'gauge']]);
    expect(unexported(['cairn_rpc_duration_seconds_bucket', 'cairn_node_ready'], families)).toEqual([]);
    expect(unexported(['cairn_node_ready_bucket', 'cairn_nodes_ready'], families)).toEqual(['cairn_node_ready_bucket', 'cairn_nodes_ready']);
    expect(metricNames('sum(rate(cairn_a_total[5m])) / sum(cairn_b) + cairn_a_total')).toEqual(['cairn_a_total', 'cairn_b']);
  });

  it('is a kustomize component whose files exist, scraping the port the headless service names http', () => {
    const kustomization = parse(readFileSync(join(MONITORING_DIR, 'kustomization.yaml'), 'utf8')) as {
      kind: string;
      resources: string[];
      configMapGenerator: { files: string[]; options: { labels: Record<string, string> } }[];
    };
    expect(kustomization.kind).toBe('Component');
    for (const file of [...kustomization.resources, ...kustomization.configMapGenerator.flatMap((g) => g.files)]) expect(() => readFileSync(join(MONITORING_DIR, file))).not.toThrow();
    expect(kustomization.configMapGenerator[0]!.options.labels.grafana_dashboard).toBe('1');

    const monitor = parse(readFileSync(join(MONITORING_DIR, 'servicemonitor.yaml'), 'utf8')) as {
      spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] };
    };
    const services = parseAllDocuments(readFileSync(join(ROOT, 'deploy/k8s/service-headless.yaml'), 'utf8')).map((d) => d.toJS() as {
      metadata: { labels: Record<string, string> };
      spec: { ports: { name: string }[] };
    });
    const headless = services[0]!;
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) expect(headless.metadata.labels[key]).toBe(value);
    expect(headless.spec.ports.map((p) => p.name)).toContain(monitor.spec.endpoints[0]!.port);
    expect(monitor.spec.endpoints[0]!.path).toBe('/metrics');
  });
});
