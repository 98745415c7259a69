// The two object kinds the DNS server reads (kubefed-behaviour.md §2.7, multiclusterdns.kubefed.io/v1alpha1), narrowed
// to the fields it uses so that any Domain or DNSEndpoint, including one written by hand for ExternalDNS, can be fed in.
import type { DNSEndpointRecord, DNSEndpointSpec, Domain } from '../apis/types.js';
import { isObject, type ObjectMeta } from '../common/object.js';

/** Identifies the object a record or a problem came from. */
export interface ObjectRef {
  kind: 'Domain' | 'DNSEndpoint';
  namespace: string;
  name: string;
}

/**
 * The fields of a Domain the server reads. A full `Domain` from src/apis is one; the metadata is optional and the
 * values are checked at run time because objects arrive as untyped JSON.
 */
export type DomainInput = Pick<Domain, 'domain' | 'nameServer'> & { metadata?: Pick<ObjectMeta, 'name' | 'namespace'> };

/** One entry of DNSEndpoint `spec.endpoints`, ExternalDNS's `endpoint.Endpoint`. */
export type EndpointInput = DNSEndpointRecord;

/** The fields of a DNSEndpoint the server reads; a full `DNSEndpoint` from src/apis is one. */
export interface DNSEndpointInput {
  metadata?: Pick<ObjectMeta, 'name' | 'namespace'>;
  spec?: DNSEndpointSpec;
}

export function refOf(kind: ObjectRef['kind'], obj: { metadata?: { name?: string; namespace?: string } }): ObjectRef {
  return { kind, namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}

export function refKey(ref: ObjectRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/** Narrows untyped JSON to a Domain; returns undefined when it lacks the metadata every stored object has. */
export function asDomain(value: unknown): DomainInput | undefined {
  if (!isObject(value) || !isObject(value.metadata) || typeof value.metadata.name !== 'string') return undefined;
  return value as DomainInput;
}

/** Narrows untyped JSON to a DNSEndpoint; returns undefined when it lacks the metadata every stored object has. */
export function asDNSEndpoint(value: unknown): DNSEndpointInput | undefined {
  if (!isObject(value) || !isObject(value.metadata) || typeof value.metadata.name !== 'string') return undefined;
  return value as DNSEndpointInput;
}
