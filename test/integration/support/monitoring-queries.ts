/**
 * The PromQL of deploy/k8s/components/monitoring: the alert rules of the
 * PrometheusRule and the dashboard's queries, and the metric names they use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const MONITORING_DIR = join(import.meta.dirname, '../../../deploy/k8s/components/monitoring');

interface RuleGroup {
  readonly name: string;
  readonly rules: readonly { readonly alert?: string; readonly record?: string; readonly expr: string }[];
}

/** The PrometheusRule's groups, as a Prometheus rule file holds them. */
export function alertRuleGroups(): RuleGroup[] {
  const rule = parse(readFileSync(join(MONITORING_DIR, 'prometheusrule.yaml'), 'utf8')) as { kind: string; spec: { groups: RuleGroup[] } };
  if (rule.kind !== 'PrometheusRule') throw new Error(`prometheusrule.yaml holds a ${rule.kind}`);
  return rule.spec.groups;
}

/** Every query of the dashboard, with Grafana's $__rate_interval as a plain range so Prometheus tools can parse it. */
export function dashboardQueries(): string[] {
  const dashboard = JSON.parse(readFileSync(join(MONITORING_DIR, 'cairn-dashboard.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr.replaceAll('$__rate_interval', '5m')));
}

export function alertQueries(): string[] {
  return alertRuleGroups().flatMap((group) => group.rules.map((rule) => rule.expr));
}

/** The Cairn metric names a query reads (histogram series by their own names: `_bucket`, `_count`). */
export function metricNames(query: string): string[] {
  return [...new Set(query.match(/\bcairn_[a-z0-9_]+/g) ?? [])];
}

/** The names among `names` that no family in `families` (name to type, as `# TYPE` lines give them) exports. */
export function unexported(names: Iterable<string>, families: ReadonlyMap<string, string>): string[] {
  const histogramPart = /_(bucket|sum|count)$/;
  return [...names].filter((name) => {
    if (families.has(name)) return false;
    const base = name.replace(histogramPart, '');
    return !(base !== name && (families.get(base) === 'histogram' || families.get(base) === 'summary'));
  });
}
