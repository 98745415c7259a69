import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readyCondition } from './ready-condition.js';

const published = { names: 3, dnsEndpoint: 'demo/service-web' };

test('no problems: Ready True, Published, naming the DNSEndpoint', () => {
  const c = readyCondition([], published, 4, undefined, 'T1');
  assert.deepEqual(c, { type: 'Ready', status: 'True', reason: 'Published', message: '3 DNS name(s) published in DNSEndpoint "demo/service-web"', lastTransitionTime: 'T1', observedGeneration: 4 });
});

test('problems: Ready False with the first reason and every message', () => {
  const c = readyCondition([{ reason: 'DomainNotFound', message: 'a' }, { reason: 'NoReadyEndpoints', message: 'b' }], published, undefined, undefined, 'T1');
  assert.equal(c.status, 'False');
  assert.equal(c.reason, 'DomainNotFound');
  assert.equal(c.message, 'a; b');
});

test('the transition time moves only when the status flips', () => {
  const before = [readyCondition([], published, 1, undefined, 'T1')];
  assert.equal(readyCondition([], published, 2, before, 'T2').lastTransitionTime, 'T1');
  assert.equal(readyCondition([{ reason: 'DuplicateRecord', message: 'x' }], published, 2, before, 'T2').lastTransitionTime, 'T2');
});
