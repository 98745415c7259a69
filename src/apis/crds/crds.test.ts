import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCelError, parse, run } from '@bufbuild/cel';
import { parseAllDocuments } from 'yaml';
import { validateApiEndpoint, validateDisabledTLSValidations, validateKubeFedConfig } from '../validation.js';
import { defaultKubeFedConfigSpec } from '../defaults.js';
import type { KubeFedConfig } from '../types.js';
import {
  allCrds,
  controlPlaneCrds,
  federatedTypeConfigCrd,
  kubeFedClusterCrd,
  kubeFedConfigCrd,
  renderCrdsYaml,
  replicaSchedulingPreferenceCrd,
  structuralSchemaErrors,
} from './index.js';
import type { CustomResourceDefinition, JSONSchemaProps, ValidationRule } from './index.js';

const schemaOf = (crd: CustomResourceDefinition): JSONSchemaProps => {
  const v = crd.spec.versions[0];
  assert.ok(v, `${crd.metadata.name} has a version`);
  return v.schema.openAPIV3Schema;
};

/** The node at a dotted property path (`spec.leaderElect`); `[]` steps into array items. */
function node(schema: JSONSchemaProps, path: string): JSONSchemaProps {
  let cur = schema;
  for (const step of path.split('.').filter((s) => s !== '')) {
    const next = step === '[]' ? cur.items : cur.properties?.[step];
    assert.ok(next, `schema has ${path}`);
    cur = next;
  }
  return cur;
}

function rulesOf(schema: JSONSchemaProps, path: string): ValidationRule[] {
  return node(schema, path)['x-kubernetes-validations'] ?? [];
}

function allRules(schema: JSONSchemaProps, out: ValidationRule[] = []): ValidationRule[] {
  out.push(...(schema['x-kubernetes-validations'] ?? []));
  for (const p of Object.values(schema.properties ?? {})) allRules(p, out);
  if (schema.items) allRules(schema.items, out);
  if (schema.additionalProperties) allRules(schema.additionalProperties, out);
  return out;
}

/** Messages of the rules at `path` that reject `self` (CEL errors count as rejections). */
function failing(schema: JSONSchemaProps, path: string, self: unknown, oldSelf?: unknown): string[] {
  return rulesOf(schema, path)
    .filter((r) => {
      const bindings = (oldSelf === undefined ? { self } : { self, oldSelf }) as Parameters<typeof run>[1];
      const result = run(r.rule, bindings);
      return isCelError(result) || result !== true;
    })
    .map((r) => r.message ?? r.rule);
}

test('every generated CRD schema is structural', () => {
  for (const crd of allCrds()) {
    assert.deepEqual(structuralSchemaErrors(schemaOf(crd)), [], crd.metadata.name);
  }
});

test('the structural check finds untyped nodes, arrays without items and bad list-map keys', () => {
  const bad: JSONSchemaProps = {
    type: 'object',
    properties: {
      untyped: {},
      list: { type: 'array' },
      opaque: { 'x-kubernetes-preserve-unknown-fields': true },
      conditions: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['type'],
        items: { type: 'object', properties: { type: { type: 'string' } } },
      },
    },
  };
  const errs = structuralSchemaErrors(bad);
  assert.equal(errs.length, 3, errs.join('\n'));
  assert.match(errs.join('\n'), /properties\[untyped\]\.type: Required value/);
  assert.match(errs.join('\n'), /properties\[list\]\.items: Required value/);
  assert.match(errs.join('\n'), /map key must be required or have a default/);
});

test('every CEL rule parses and every rule has a message', () => {
  for (const crd of allCrds()) {
    for (const r of allRules(schemaOf(crd))) {
      assert.doesNotThrow(() => parse(r.rule), `${crd.metadata.name}: ${r.rule}`);
      assert.ok(r.message, `${crd.metadata.name}: ${r.rule} has a message`);
    }
  }
});

test('CRD names, scopes, short names and subresources are KubeFed\'s', () => {
  const byName = new Map(controlPlaneCrds().map((c) => [c.metadata.name, c]));
  const expected: [string, string, string, string[] | undefined, boolean][] = [
    ['kubefedclusters.core.kubefed.io', 'KubeFedCluster', 'Namespaced', ['kfc'], true],
    ['kubefedconfigs.core.kubefed.io', 'KubeFedConfig', 'Namespaced', undefined, false],
    ['federatedtypeconfigs.core.kubefed.io', 'FederatedTypeConfig', 'Namespaced', ['ftc'], true],
    ['propagatedversions.core.kubefed.io', 'PropagatedVersion', 'Namespaced', undefined, true],
    ['clusterpropagatedversions.core.kubefed.io', 'ClusterPropagatedVersion', 'Cluster', undefined, true],
    ['federatedservicestatuses.core.kubefed.io', 'FederatedServiceStatus', 'Namespaced', undefined, false],
    ['replicaschedulingpreferences.scheduling.kubefed.io', 'ReplicaSchedulingPreference', 'Namespaced', ['rsp'], true],
    ['domains.multiclusterdns.kubefed.io', 'Domain', 'Namespaced', undefined, false],
    ['servicednsrecords.multiclusterdns.kubefed.io', 'ServiceDNSRecord', 'Namespaced', undefined, true],
    ['ingressdnsrecords.multiclusterdns.kubefed.io', 'IngressDNSRecord', 'Namespaced', undefined, true],
    ['dnsendpoints.multiclusterdns.kubefed.io', 'DNSEndpoint', 'Namespaced', undefined, true],
  ];
  assert.equal(byName.size, expected.length);
  for (const [name, kind, scope, shortNames, status] of expected) {
    const crd = byName.get(name);
    assert.ok(crd, name);
    assert.equal(crd.spec.names.kind, kind);
    assert.equal(crd.spec.names.listKind, `${kind}List`);
    assert.equal(crd.spec.names.singular, kind.toLowerCase());
    assert.equal(`${crd.spec.names.plural}.${crd.spec.group}`, name);
    assert.equal(crd.spec.scope, scope, name);
    assert.deepEqual(crd.spec.names.shortNames, shortNames, name);
    assert.equal(crd.spec.versions[0]?.subresources?.status !== undefined, status, `${name} status subresource`);
  }
});

test('kubectl get kubefedclusters prints AGE, READY, KUBERNETES-VERSION after NAME', () => {
  const columns = kubeFedClusterCrd().spec.versions[0]?.additionalPrinterColumns ?? [];
  assert.deepEqual(
    columns.map((c) => [c.name.toUpperCase(), c.type, c.jsonPath]),
    [
      ['AGE', 'date', '.metadata.creationTimestamp'],
      ['READY', 'string', ".status.conditions[?(@.type=='Ready')].status"],
      ['KUBERNETES-VERSION', 'string', '.status.kubernetesVersion'],
    ],
  );
});

test('KubeFedCluster apiEndpoint CEL rules agree with validateApiEndpoint', () => {
  const schema = schemaOf(kubeFedClusterCrd());
  const cases: [string, boolean][] = [
    ['https://127.0.0.1:6443', true],
    ['127.0.0.1:6443', true],
    ['localhost', true],
    ['http://member.example.com', true],
    ['https://[::1]:443', true],
    ['https://host.example.com/', true],
    ['ftp://host', false],
    ['https://host:0', false],
    ['https://host:65536', false],
    ['host:70000', false],
    ['https://host/api', false],
    ['https://Bad_Host', false],
  ];
  for (const [endpoint, valid] of cases) {
    assert.equal(validateApiEndpoint(endpoint, 'spec.apiEndpoint').length === 0, valid, `pure: ${endpoint}`);
    assert.equal(failing(schema, 'spec.apiEndpoint', endpoint).length === 0, valid, `CEL: ${endpoint}`);
  }
  assert.deepEqual(failing(schema, 'spec.apiEndpoint', 'https://host:99999'), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(failing(schema, 'spec.apiEndpoint', 'ftp://host'), ['supported values: "http", "https"']);
});

test('KubeFedCluster TLS, secretRef and proxyURL rules', () => {
  const schema = schemaOf(kubeFedClusterCrd());
  for (const list of [['*'], ['SubjectName', 'ValidityPeriod'], [], ['*', 'SubjectName']]) {
    const pureOk = validateDisabledTLSValidations(list, 'x').length === 0;
    assert.equal(failing(schema, 'spec.disabledTLSValidations', list).length === 0, pureOk, JSON.stringify(list));
  }
  assert.deepEqual(failing(schema, 'spec.disabledTLSValidations', ['*', 'SubjectName']), [
    'when * is specified, it is expected to be the only option in list',
  ]);
  assert.deepEqual(node(schema, 'spec.disabledTLSValidations.[]').enum, ['*', 'SubjectName', 'ValidityPeriod']);
  assert.deepEqual(failing(schema, 'spec.secretRef.name', 'cluster2-abcde'), []);
  assert.equal(failing(schema, 'spec.secretRef.name', 'Cluster2').length, 1);
  assert.deepEqual(failing(schema, 'spec.proxyURL', 'socks5://proxy:1080'), []);
  assert.deepEqual(failing(schema, 'spec.proxyURL', 'ftp://proxy'), ['supported values: "http", "https", "socks5"']);
  assert.deepEqual(node(schema, 'spec').required, ['apiEndpoint', 'secretRef']);
});

test('KubeFedConfig CEL rules: positive durations, lease ordering, immutable scope', () => {
  const schema = schemaOf(kubeFedConfigCrd());
  assert.deepEqual(failing(schema, 'spec.controllerDuration.availableDelay', '20s'), []);
  assert.deepEqual(failing(schema, 'spec.controllerDuration.availableDelay', '0s'), ['should be greater than 0']);
  assert.deepEqual(failing(schema, 'spec.clusterHealthCheck.failureThreshold', 0n), ['should be greater than 0']);
  const elect = (leaseDuration: string, renewDeadline: string, retryPeriod: string) => ({ leaseDuration, renewDeadline, retryPeriod });
  const cases: [ReturnType<typeof elect>, string[]][] = [
    [elect('15s', '10s', '5s'), []],
    [elect('10s', '10s', '5s'), ['leaseDuration must be greater than renewDeadline']],
    [elect('15s', '6s', '5s'), ['renewDeadline must be greater than retryPeriod*JitterFactor(1.2)']],
    [elect('15s', '6001ms', '5s'), []],
    [elect('5s', '6s', '5s'), ['leaseDuration must be greater than renewDeadline', 'renewDeadline must be greater than retryPeriod*JitterFactor(1.2)']],
  ];
  for (const [value, messages] of cases) {
    assert.deepEqual(failing(schema, 'spec.leaderElect', value), messages, JSON.stringify(value));
    const config: KubeFedConfig = {
      apiVersion: 'core.kubefed.io/v1beta1',
      kind: 'KubeFedConfig',
      metadata: { name: 'kubefed' },
      spec: defaultKubeFedConfigSpec({ scope: 'Cluster', leaderElect: { ...value, resourceLock: 'leases' } }),
    };
    const pure = validateKubeFedConfig(config).map((e) => e.message.replace(/^Invalid value: [^:]+: /, ''));
    assert.deepEqual(pure, messages, `pure ${JSON.stringify(value)}`);
  }
  assert.deepEqual(failing(schema, 'spec.scope', 'Cluster', 'Cluster'), []);
  assert.deepEqual(failing(schema, 'spec.scope', 'Namespaced', 'Cluster'), ['field is immutable']);
  assert.match('1h2m3.5s', new RegExp(node(schema, 'spec.leaderElect.leaseDuration').pattern ?? '^$'));
  assert.doesNotMatch('5', new RegExp(node(schema, 'spec.leaderElect.leaseDuration').pattern ?? ''));
});

test('KubeFedConfig schema defaults every field the defaulter fills, with leases as lock', () => {
  const schema = schemaOf(kubeFedConfigCrd());
  assert.deepEqual(node(schema, 'spec.leaderElect.resourceLock').enum, ['leases', 'configmaps', 'endpoints', 'configmapsleases', 'endpointsleases']);
  assert.equal(node(schema, 'spec.leaderElect.resourceLock').default, 'leases');
  assert.equal(node(schema, 'spec.controllerDuration.cacheSyncTimeout').default, '5m');
  assert.equal(node(schema, 'spec.clusterHealthCheck.failureThreshold').default, 3);
  assert.equal(node(schema, 'spec.syncController.adoptResources').default, 'Enabled');
  for (const parent of ['controllerDuration', 'leaderElect', 'clusterHealthCheck', 'syncController', 'statusController']) {
    assert.deepEqual(node(schema, `spec.${parent}`).default, {}, parent);
  }
  const gates = node(schema, 'spec.featureGates');
  assert.equal(gates['x-kubernetes-list-type'], 'map');
  assert.deepEqual(gates.default, defaultKubeFedConfigSpec({ scope: 'Cluster' }).featureGates);
});

test('FederatedTypeConfig name rule and API resource rules', () => {
  const schema = schemaOf(federatedTypeConfigCrd());
  const ftc = (name: string, group: string | undefined, pluralName: string) => ({
    metadata: { name },
    spec: { targetType: group === undefined ? { pluralName } : { group, pluralName } },
  });
  assert.deepEqual(failing(schema, '', ftc('deployments.apps', 'apps', 'deployments')), []);
  assert.deepEqual(failing(schema, '', ftc('configmaps', undefined, 'configmaps')), []);
  assert.deepEqual(failing(schema, '', ftc('configmaps', '', 'configmaps')), []);
  assert.deepEqual(failing(schema, '', ftc('deployments', 'apps', 'deployments')), [
    "name must be 'TARGET_PLURAL_NAME(.TARGET_GROUP_NAME)'",
  ]);
  assert.deepEqual(failing(schema, 'spec.federatedType.group', 'typeskubefedio'), ['should be a domain with at least one dot']);
  assert.deepEqual(failing(schema, 'spec.targetType.group', ''), []);
  assert.deepEqual(failing(schema, 'spec.targetType.kind', 'Deployment'), []);
  assert.equal(failing(schema, 'spec.targetType.kind', '1Deployment').length, 1);
  assert.equal(failing(schema, 'spec.targetType.version', 'V1').length, 1);
  assert.deepEqual(node(schema, 'spec.targetType.scope').enum, ['Cluster', 'Namespaced']);
  assert.deepEqual(node(schema, 'spec.propagation').enum, ['Enabled', 'Disabled']);
  assert.deepEqual(node(schema, 'spec.federatedType').required, ['group', 'kind', 'pluralName', 'scope', 'version']);
});

test('ReplicaSchedulingPreference has a status with conditions and non-negative replica rules', () => {
  const schema = schemaOf(replicaSchedulingPreferenceCrd());
  assert.equal(node(schema, 'status.conditions')['x-kubernetes-list-type'], 'map');
  assert.deepEqual(node(schema, 'spec').required, ['targetKind', 'totalReplicas']);
  const prefs = node(schema, 'spec.clusters').additionalProperties;
  assert.ok(prefs);
  const prefRules = (self: unknown) =>
    (prefs['x-kubernetes-validations'] ?? []).filter((r) => run(r.rule, { self } as Parameters<typeof run>[1]) !== true).map((r) => r.message);
  assert.deepEqual(prefRules({ minReplicas: 2n, maxReplicas: 3n }), []);
  assert.deepEqual(prefRules({ minReplicas: 4n, maxReplicas: 3n }), ['must be greater than or equal to minReplicas']);
  assert.deepEqual(failing(schema, 'spec.totalReplicas', -1n), ['must be greater than or equal to 0']);
});

test('renderCrdsYaml renders every CRD once, deterministically', () => {
  const text = renderCrdsYaml();
  assert.equal(text, renderCrdsYaml());
  const docs = parseAllDocuments(text).map((d) => d.toJS() as CustomResourceDefinition);
  assert.equal(docs.length, 21);
  assert.deepEqual(docs.map((d) => d.metadata.name), allCrds().map((c) => c.metadata.name));
  assert.equal(new Set(docs.map((d) => d.metadata.name)).size, 21);
  assert.ok(docs.every((d) => d.apiVersion === 'apiextensions.k8s.io/v1' && d.kind === 'CustomResourceDefinition'));
  assert.equal(parseAllDocuments(renderCrdsYaml({ federatedTypes: false })).length, 11);
});
