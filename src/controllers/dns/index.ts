// Multicluster DNS in the controller manager: the record controllers (started by feature gate) and the DNS server
// wiring behind `--dns-addr`.
export { DnsControllers, enabledDnsRecordKinds } from './dns-controllers.js';
export type { DnsControllersOptions } from './dns-controllers.js';
export { startDnsServing } from './serving.js';
export type { DnsServing, DnsServingOptions } from './serving.js';
export type { DnsRecordKind } from './record-controller.js';
export { DnsRecordReasons } from './record-status.js';
export type { DnsRecordProblem, DnsRecordReason } from './record-status.js';
