import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Histogram } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { services } from '../../services.ts';
import { KernelMetrics } from '../metrics/kernel-metrics.ts';
import { ConfigSchema } from './config-schema.ts';
import { loadConfig } from './load-config.ts';

/**
 * deploy/ holds configuration nothing else runs on the build machines (no Docker engine, no cluster):
 * this keeps it honest. Every YAML file parses, every variable a Veza container is given is a real
 * setting with a valid value, and every metric the dashboard and alerts query is one Veza exposes.
 */
const deployDir = path.resolve(import.meta.dirname, '../../../../deploy');
const kubernetesDir = path.join(deployDir, 'kubernetes');

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const record = (value: unknown): Json => (isRecord(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function filesUnder(dir: string, pattern: RegExp, recursive = true): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Every document of a YAML file as plain values, and every parse error or warning as text. */
function readYaml(file: string): { docs: unknown[]; problems: string[] } {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  const problems = documents.flatMap((doc) => [...doc.errors, ...doc.warnings].map((e) => e.message));
  return { docs: documents.map((doc) => doc.toJS()), problems };
}

const settingNames = Object.values(ConfigSchema.properties).map(
  (schema) => (schema as unknown as { env: string }).env,
);

const isVezaImage = (image: unknown) => typeof image === 'string' && /^veza(:|@|$)/.test(image);

/** A compose `environment`, mapping or `KEY=value` list, as name → value (`${VAR:-x}` becomes x). */
function composeEnvironment(environment: unknown): Record<string, string> {
  const entries: [string, unknown][] = Array.isArray(environment)
    ? environment.map((item) => {
        const [name, ...value] = String(item).split('=');
        return [name!, value.join('=')];
      })
    : Object.entries(record(environment));
  return Object.fromEntries(
    entries.map(([name, value]) => [
      name,
      String(value ?? '').replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_, fallback = '') => fallback),
    ]),
  );
}

function vezaComposeServices(): Record<string, Record<string, string>> {
  const { docs } = readYaml(path.join(deployDir, 'compose.yaml'));
  const services = record(record(docs[0]).services);
  return Object.fromEntries(
    Object.entries(services)
      .filter(([, service]) => isVezaImage(record(service).image) || record(service).build !== undefined)
      .map(([name, service]) => [name, composeEnvironment(record(service).environment)]),
  );
}

interface KubernetesContainer {
  where: string;
  /** Names and values set on the container itself (`env`); `valueFrom` ones have ''. */
  env: [string, unknown][];
  /** ConfigMaps and Secrets it takes every key of (`envFrom`). */
  from: { kind: 'ConfigMap' | 'Secret'; name: string }[];
}

/** The manifests kustomization.yaml assembles (a subfolder, e.g. overlays/, is not checked here). */
const kubernetesManifests = () =>
  filesUnder(kubernetesDir, /\.ya?ml$/, false).filter((file) => path.basename(file) !== 'kustomization.yaml');

function kubernetesObjects(): Json[] {
  return kubernetesManifests().flatMap((file) => readYaml(file).docs.filter(isRecord));
}

function podSpec(object: Json): Json | undefined {
  const workload = object.kind === 'CronJob' ? record(record(object.spec).jobTemplate) : object;
  const spec = record(record(record(workload.spec).template).spec);
  return Object.keys(spec).length > 0 ? spec : undefined;
}

function vezaContainers(objects: Json[]): KubernetesContainer[] {
  return objects.flatMap((object) => {
    const spec = podSpec(object);
    if (!spec) return [];
    return [...list(spec.initContainers), ...list(spec.containers)]
      .filter((container) => isVezaImage(record(container).image))
      .map((container) => {
        const { name, env, envFrom } = record(container);
        return {
          where: `${String(object.kind)} ${String(record(object.metadata).name)} container ${String(name)}`,
          // A `valueFrom` value is only known in the cluster: its name is checked, its value is not.
          env: list(env).map((item): [string, unknown] => {
            const { name: variable, value, valueFrom } = record(item);
            return [String(variable), valueFrom === undefined ? value : ''];
          }),
          from: list(envFrom).flatMap((source): KubernetesContainer['from'] => {
            const { configMapRef, secretRef } = record(source);
            if (isRecord(configMapRef)) return [{ kind: 'ConfigMap', name: String(configMapRef.name) }];
            if (isRecord(secretRef)) return [{ kind: 'Secret', name: String(secretRef.name) }];
            return [];
          }),
        };
      });
  });
}

/** The variables of a ConfigMap or Secret: `data` (base64 in a Secret) and `stringData`, with their values. */
function variablesOf(objects: Json[], kind: string, name: string): Record<string, unknown> | undefined {
  const found = objects.find((object) => object.kind === kind && record(object.metadata).name === name);
  if (!found) return undefined;
  const data = Object.entries(record(found.data)).map(([key, value]) => [
    key,
    kind === 'Secret' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value,
  ]);
  return { ...Object.fromEntries(data), ...record(found.stringData) };
}

/** What loadConfig says of these variables: undefined when Veza would start with them. */
function configProblem(environment: Record<string, string>): string | undefined {
  try {
    loadConfig(environment);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The metric names a PromQL text refers to, among the prefixes a Veza process exports. */
const metricNames = (exprs: string[]) =>
  exprs.flatMap((expr) => expr.match(/\b(?:veza|nodejs|process)_[a-z0-9_]+/g) ?? []);

function exportedSeries(): Set<string> {
  const series = new Set<string>();
  for (const metric of new KernelMetrics().registry.getMetricsAsArray()) {
    const { name } = metric as unknown as { name: string };
    series.add(name);
    if (metric instanceof Histogram)
      for (const suffix of ['_bucket', '_sum', '_count']) series.add(name + suffix);
  }
  return series;
}

function dashboardExprs(dashboard: Json): string[] {
  const panels = list(dashboard.panels).flatMap((panel) => [panel, ...list(record(panel).panels)]);
  const targets = panels.flatMap((panel) => list(record(panel).targets));
  const variables = list(record(dashboard.templating).list).map((variable) => {
    const { query } = record(variable);
    return isRecord(query) ? query.query : query;
  });
  return [...targets.map((target) => record(target).expr), ...variables].filter(
    (expr): expr is string => typeof expr === 'string',
  );
}

describe('deploy/', () => {
  it('every YAML file parses without errors', () => {
    const files = filesUnder(deployDir, /\.ya?ml$/);
    expect(files.map((file) => path.relative(deployDir, file))).toEqual(
      expect.arrayContaining([
        'compose.yaml',
        'kubernetes/kustomization.yaml',
        'prometheus/prometheus.yml',
        'prometheus/alerts.yml',
      ]),
    );
    for (const file of files) {
      const { docs, problems } = readYaml(file);
      expect(problems, path.relative(deployDir, file)).toEqual([]);
      expect(docs.length, path.relative(deployDir, file)).toBeGreaterThan(0);
    }
  });

  it('compose gives the Veza containers only real settings, with valid values', () => {
    const services = vezaComposeServices();
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['migrate', 'core', 'gateway']));
    for (const [service, environment] of Object.entries(services)) {
      const names = Object.keys(environment);
      expect(names.length, service).toBeGreaterThan(0);
      expect(
        names.filter((name) => !settingNames.includes(name)),
        `unknown settings in ${service}`,
      ).toEqual([]);
      expect(configProblem(environment), service).toBeUndefined();
    }
    expect(services.core).toHaveProperty('DATABASE_URL');
    expect(services.gateway).toHaveProperty('VEZA_GATEWAY_ROUTES');
  });

  it('the Kubernetes manifests give the Veza pods only real settings, with valid values', () => {
    const objects = kubernetesObjects();
    for (const object of objects) {
      expect(typeof object.apiVersion).toBe('string');
      expect(typeof object.kind).toBe('string');
    }
    const containers = vezaContainers(objects);
    expect(containers.map((container) => container.where)).toEqual(
      expect.arrayContaining([
        'Job veza-migrate container migrate',
        'Deployment veza-core container veza',
        'Deployment veza-gateway container veza',
      ]),
    );
    for (const container of containers) {
      const environment: Record<string, unknown> = {};
      for (const source of container.from) {
        const variables = variablesOf(objects, source.kind, source.name);
        expect(
          variables,
          `${container.where}: ${source.kind} ${source.name} is not in deploy/kubernetes`,
        ).toBeDefined();
        Object.assign(environment, variables);
      }
      Object.assign(environment, Object.fromEntries(container.env));
      const names = Object.keys(environment);
      expect(names.length, container.where).toBeGreaterThan(0);
      expect(
        names.filter((name) => !settingNames.includes(name)),
        `unknown settings in ${container.where}`,
      ).toEqual([]);
      // Kubernetes takes strings only: an unquoted 3000 or true is refused by the API server.
      const notStrings = Object.entries(environment).filter(([, value]) => typeof value !== 'string');
      expect(notStrings, `values that are not strings in ${container.where}`).toEqual([]);
      expect(configProblem(environment as Record<string, string>), container.where).toBeUndefined();
    }
  });

  it('both gateways route every area a service serves', () => {
    const areas = services.flatMap((service) => service.areas).sort();
    const routed = (routes: unknown) =>
      String(routes ?? '')
        .split(',')
        .map((pair) => pair.split('=')[0]);
    const compose = routed(vezaComposeServices().gateway?.VEZA_GATEWAY_ROUTES);
    const gateway = vezaContainers(kubernetesObjects()).find(
      (c) => c.where === 'Deployment veza-gateway container veza',
    );
    const kubernetes = routed(new Map(gateway?.env).get('VEZA_GATEWAY_ROUTES'));
    expect(
      areas.filter((area) => !compose.includes(area)),
      'areas compose does not route',
    ).toEqual([]);
    expect(
      areas.filter((area) => !kubernetes.includes(area)),
      'areas Kubernetes does not route',
    ).toEqual([]);
  });

  it('kustomization.yaml lists every manifest of deploy/kubernetes, and only those', () => {
    const { docs } = readYaml(path.join(kubernetesDir, 'kustomization.yaml'));
    const resources = list(record(docs[0]).resources).map(String).sort();
    const manifests = kubernetesManifests().map((file) => path.relative(kubernetesDir, file));
    expect(resources).toEqual(manifests);
  });

  it('the Grafana dashboard and the alert rules query only metrics Veza exports', () => {
    const exported = exportedSeries();
    const dashboard = JSON.parse(
      readFileSync(path.join(deployDir, 'grafana/dashboards/veza-overview.json'), 'utf8'),
    ) as unknown;
    expect(isRecord(dashboard)).toBe(true);
    const { docs } = readYaml(path.join(deployDir, 'prometheus/alerts.yml'));
    const rules = list(record(docs[0]).groups).flatMap((group) => list(record(group).rules));
    const alertExprs = rules.map((rule) => String(record(rule).expr));

    for (const [source, exprs] of [
      ['veza-overview.json', dashboardExprs(record(dashboard))],
      ['alerts.yml', alertExprs],
    ] as const) {
      const names = metricNames(exprs);
      expect(names, source).toEqual(expect.arrayContaining(['veza_http_request_duration_seconds_bucket']));
      expect(
        names.filter((name) => !exported.has(name)),
        `metrics ${source} queries that no Veza process exports`,
      ).toEqual([]);
    }
  });
});
