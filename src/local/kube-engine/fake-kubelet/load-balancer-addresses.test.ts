import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../common/object.js';
import { parseCidr } from '../../../apiserver/simulation/ip-range.js';
import { currentAddress, LoadBalancerAddresses, loadBalancerStatus, wantsAddress } from './load-balancer-addresses.js';

const cidr = parseCidr('127.100.3.0/24', 'test');

function service(type: string, ip?: string, deleting = false): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 's', namespace: 'ns', ...(deleting ? { deletionTimestamp: '2030-01-01T00:00:00Z' } : {}) },
    spec: { type },
    status: ip ? { loadBalancer: { ingress: [{ ip }] } } : {},
  };
}

describe('which objects get an address', () => {
  it('is LoadBalancer Services and every Ingress, unless being deleted', () => {
    assert.equal(wantsAddress('Service', service('LoadBalancer')), true);
    assert.equal(wantsAddress('Service', service('ClusterIP')), false);
    assert.equal(wantsAddress('Service', service('LoadBalancer', undefined, true)), false);
    assert.equal(wantsAddress('Ingress', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {} }), true);
  });

  it('shapes the status as the cloud and ingress controllers do', () => {
    assert.deepEqual(loadBalancerStatus('Service', '127.100.3.1'), { ingress: [{ ip: '127.100.3.1', ipMode: 'VIP' }] });
    assert.deepEqual(loadBalancerStatus('Ingress', '127.100.3.1'), { ingress: [{ ip: '127.100.3.1' }] });
    assert.deepEqual(loadBalancerStatus('Service', undefined), {});
    assert.equal(currentAddress(service('LoadBalancer', '127.100.3.9')), '127.100.3.9');
  });
});

describe('LoadBalancerAddresses', () => {
  it('hands out addresses of the range, never the network or broadcast address', () => {
    const a = new LoadBalancerAddresses(cidr);
    const seen = new Set<string>();
    for (let i = 0; i < 254; i++) seen.add(a.assign(`services/ns/s${i}`) ?? '');
    assert.equal(seen.size, 254);
    assert.ok(!seen.has('127.100.3.0') && !seen.has('127.100.3.255'));
    assert.equal(a.assign('services/ns/late'), undefined);
  });

  it('is stable per owner', () => {
    const a = new LoadBalancerAddresses(cidr);
    const ip = a.assign('services/ns/s');
    assert.equal(a.assign('services/ns/s'), ip);
  });

  it('keeps the address an object already reports and never gives it to another', () => {
    const a = new LoadBalancerAddresses(cidr);
    a.observe('services/ns/old', 'Service', service('LoadBalancer', '127.100.3.1'));
    assert.equal(a.assign('services/ns/old'), '127.100.3.1');
    assert.equal(a.assign('services/ns/new'), '127.100.3.2');
  });

  it('ignores a reported address held by another object, so the newcomer gets its own', () => {
    const a = new LoadBalancerAddresses(cidr);
    a.observe('services/ns/a', 'Service', service('LoadBalancer', '127.100.3.7'));
    a.observe('services/ns/b', 'Service', service('LoadBalancer', '127.100.3.7'));
    assert.equal(a.assign('services/ns/a'), '127.100.3.7');
    assert.notEqual(a.assign('services/ns/b'), '127.100.3.7');
  });

  it('honours spec.loadBalancerIP when it is free', () => {
    const a = new LoadBalancerAddresses(cidr);
    assert.equal(a.assign('services/ns/s', '127.100.3.50'), '127.100.3.50');
    assert.notEqual(a.assign('services/ns/t', '127.100.3.50'), '127.100.3.50');
    assert.notEqual(a.assign('services/ns/u', '10.0.0.1'), '10.0.0.1');
  });

  it('frees the address of an object that is gone or stopped being a LoadBalancer', () => {
    const a = new LoadBalancerAddresses(cidr);
    a.observe('services/ns/s', 'Service', service('LoadBalancer', '127.100.3.1'));
    a.observe('services/ns/s', 'Service', service('ClusterIP', '127.100.3.1'));
    a.observe('services/ns/t', 'Service', service('LoadBalancer', '127.100.3.1'));
    assert.equal(a.assign('services/ns/t'), '127.100.3.1');
    a.observe('services/ns/t', 'Service', undefined);
    a.observe('services/ns/u', 'Service', service('LoadBalancer', '127.100.3.1'));
    assert.equal(a.assign('services/ns/u'), '127.100.3.1');
  });
});
