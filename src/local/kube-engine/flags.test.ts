import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiserverArgs, controllerManagerArgs, etcdArgs, schedulerArgs, type ComponentPaths, type ComponentPorts } from './flags.js';

const ports: ComponentPorts = { host: '127.0.0.1', apiserver: 40001, etcd: 40002, etcdPeer: 40003 };
const paths: ComponentPaths = {
  dataDir: '/d/data',
  caFile: '/d/pki/ca.crt',
  certFile: '/d/pki/apiserver.crt',
  keyFile: '/d/pki/apiserver.key',
  tokenFile: '/d/tokens.csv',
  serviceAccountKeyFile: '/d/pki/sa.key',
  serviceAccountPublicKeyFile: '/d/pki/sa.pub',
  controllerManagerKubeconfig: '/d/kcm.kubeconfig',
  schedulerKubeconfig: '/d/sched.kubeconfig',
  egressSelectorConfigFile: '/d/egress.yaml',
};

/** Every URL or address a flag names, so the loopback rule can be checked over all components at once. */
function addresses(args: string[]): string[] {
  return args.flatMap((a) => a.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []);
}

test('every component listens and connects on loopback only (service IPs are numbers, never dialled)', () => {
  const all = [...etcdArgs(ports, paths), ...apiserverArgs(ports, paths)];
  const found = addresses(all).filter((ip) => ip !== '10.96.0.0');
  assert.ok(found.length >= 5);
  for (const ip of found) assert.match(ip, /^127\./, `${ip} is not loopback`);
  assert.ok(apiserverArgs(ports, paths).includes('--bind-address=127.0.0.1'));
});

test('etcd serves its client and peer ports and keeps data under the cluster folder', () => {
  const args = etcdArgs(ports, paths);
  assert.ok(args.includes('--listen-client-urls=http://127.0.0.1:40002'));
  assert.ok(args.includes('--initial-cluster=default=http://127.0.0.1:40003'));
  assert.ok(args.includes('--data-dir=/d/data/etcd'));
});

test('kube-apiserver uses the cluster PKI, the static token file, RBAC and no endpoint reconciler', () => {
  const args = apiserverArgs(ports, paths);
  for (const want of [
    '--etcd-servers=http://127.0.0.1:40002',
    '--secure-port=40001',
    '--tls-cert-file=/d/pki/apiserver.crt',
    '--token-auth-file=/d/tokens.csv',
    '--authorization-mode=RBAC',
    '--service-account-signing-key-file=/d/pki/sa.key',
    '--endpoint-reconciler-type=none',
    '--egress-selector-config-file=/d/egress.yaml',
  ]) {
    assert.ok(args.includes(want), `missing ${want}`);
  }
});

test('the controller manager signs tokens with the same key, publishes the CA, and runs no cloud controllers', () => {
  const args = controllerManagerArgs('cluster2', paths);
  assert.ok(args.includes('--service-account-private-key-file=/d/pki/sa.key'));
  assert.ok(args.includes('--root-ca-file=/d/pki/ca.crt'));
  assert.ok(args.includes('--cluster-name=cluster2'));
  const controllers = args.find((a) => a.startsWith('--controllers='));
  assert.match(controllers ?? '', /^--controllers=\*,-node-ipam-controller$/);
  assert.ok(args.includes('--leader-elect=false'));
});

test('the scheduler uses its own kubeconfig and serves no port', () => {
  const args = schedulerArgs(paths);
  assert.ok(args.includes('--kubeconfig=/d/sched.kubeconfig'));
  assert.ok(args.includes('--secure-port=0'));
});
