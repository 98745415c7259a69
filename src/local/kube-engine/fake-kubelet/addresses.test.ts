import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_NODES, nodeLoopbackIp, PodIpPool, podRangeBase } from './addresses.js';

describe('loopback addresses', () => {
  it('puts node addresses in 127.0.0.0/8 clear of 127.0.0.1 and the load-balancer range, pods in 10.244.0.0/16', () => {
    for (const cluster of [0, 1, 2, 36, 100, 255]) {
      for (const i of [0, 1, MAX_NODES - 1]) {
        const node = nodeLoopbackIp(cluster, i);
        const pods = podRangeBase(cluster, i);
        assert.match(node, /^127\.18\.\d+\.\d+$/);
        assert.match(pods, /^10\.244\.\d+$/);
        assert.notEqual(node, '127.0.0.1');
        for (const octet of [...node.split('.'), ...pods.split('.')]) assert.ok(Number(octet) <= 255, `${node} ${pods}`);
      }
    }
    assert.equal(nodeLoopbackIp(2, 0), '127.18.2.2');
    assert.equal(podRangeBase(2, 1), '10.244.1');
  });

  it('gives distinct clusters distinct node addresses', () => {
    assert.notEqual(nodeLoopbackIp(1, 0), nodeLoopbackIp(2, 0));
  });
});

describe('PodIpPool', () => {
  it('hands out .2–.254, one per pod, and reports exhaustion', () => {
    const pool = new PodIpPool('10.244.0');
    const seen = new Set<string>();
    for (let i = 0; i < 253; i++) {
      const ip = pool.allocate(`uid-${i}`);
      assert.ok(ip);
      seen.add(ip);
    }
    assert.equal(seen.size, 253);
    assert.ok(seen.has('10.244.0.2') && seen.has('10.244.0.254'));
    assert.ok(!seen.has('10.244.0.0') && !seen.has('10.244.0.1') && !seen.has('10.244.0.255'));
    assert.equal(pool.allocate('one-too-many'), undefined);
  });

  it('never hands out an adopted address, and reuses a released one only later', () => {
    const pool = new PodIpPool('10.244.0');
    assert.equal(pool.adopt('10.244.0.2', 'old'), true);
    const a = pool.allocate('a');
    assert.equal(a, '10.244.0.3');
    pool.release('10.244.0.3', 'a');
    assert.equal(pool.allocate('b'), '10.244.0.4');
  });

  it('refuses to adopt an address outside its range or held by another pod', () => {
    const pool = new PodIpPool('10.244.0');
    assert.equal(pool.adopt('10.245.0.5', 'x'), false);
    assert.equal(pool.adopt('10.244.0.9', 'x'), true);
    assert.equal(pool.adopt('10.244.0.9', 'y'), false);
    assert.equal(pool.adopt('10.244.0.9', 'x'), true);
  });

  it('releases only the holder’s address', () => {
    const pool = new PodIpPool('10.244.0');
    pool.adopt('10.244.0.2', 'x');
    pool.release('10.244.0.2', 'y');
    assert.equal(pool.adopt('10.244.0.2', 'z'), false);
  });
});
