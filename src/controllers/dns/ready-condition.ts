// The Ready condition of a DNS record (metav1.Condition shape): True when every Ready cluster contributes its
// addresses and every name is published; otherwise False with the first problem's reason and every problem's message,
// so `kubectl describe` shows the whole story in one place.
import type { Condition } from '../../apis/types.js';
import type { DnsRecordProblem } from './record-status.js';

export const READY_CONDITION = 'Ready';
export const PUBLISHED_REASON = 'Published';
/** Condition messages longer than this are cut; the events carry each problem in full. */
const MAX_MESSAGE = 1024;

export function readyCondition(
  problems: readonly DnsRecordProblem[],
  published: { names: number; dnsEndpoint: string },
  generation: number | undefined,
  previous: readonly Condition[] | undefined,
  now: string,
): Condition {
  const status = problems.length === 0 ? 'True' : 'False';
  const reason = problems[0]?.reason ?? PUBLISHED_REASON;
  let message =
    problems.length === 0
      ? `${published.names} DNS name(s) published in DNSEndpoint "${published.dnsEndpoint}"`
      : problems.map((p) => p.message).join('; ');
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 3)}...`;
  const old = previous?.find((c) => c.type === READY_CONDITION);
  const condition: Condition = {
    type: READY_CONDITION,
    status,
    reason,
    message,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
  };
  if (generation !== undefined) condition.observedGeneration = generation;
  return condition;
}
