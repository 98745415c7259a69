// Public surface of the client: how the controllers, kubefedctl and the DNS server talk to clusters.

export {
  loadClusterConnection,
  listContexts,
  connectionFromKubeFedCluster,
  normalizeApiEndpoint,
  KubeconfigError,
  SERVICE_ACCOUNT_DIR,
  KUBEFED_MEMBER_QPS,
  KUBEFED_MEMBER_BURST,
} from './kubeconfig.js';
export type { ClusterConnection, LoadClusterConnectionOptions, KubeFedClusterEndpoint } from './kubeconfig.js';
export { RestClient, resourcePath, encodeQuery, patchContentType, DEFAULT_USER_AGENT } from './rest.js';
export type {
  ResourceRef,
  Query,
  QueryValue,
  RestClientOptions,
  RawRequest,
  RawResponse,
  PatchType,
  WatchEvent,
  WatchEventType,
  WatchStreamOptions,
  DeleteOptions,
} from './rest.js';
export {
  ApiError,
  ConnectionError,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isForbidden,
  isUnauthorized,
  isGone,
  isInvalid,
  isTooManyRequests,
  isConnectionError,
  errorMessage,
} from './errors.js';
export { Discovery, ResourceResolutionError, resolveAmong, nameMatchesResource, groupQualifiedName } from './discovery.js';
export type { ApiResource, ApiGroup, ServerVersion, DiscoveryOptions } from './discovery.js';
export { WorkQueue } from './workqueue.js';
export type { WorkQueueOptions, WorkQueueMetrics } from './workqueue.js';
export {
  TokenBucket,
  ItemExponentialFailureRateLimiter,
  BucketRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
  kubefedRateLimiter,
  Backoff,
  reflectorBackoff,
} from './ratelimiter.js';
export type { RateLimiter, ExponentialRateLimiterOptions, BackoffOptions } from './ratelimiter.js';
export { Store, objectKey, splitKey, NAMESPACE_INDEX, namespaceIndexFunc } from './store.js';
export type { StoreReader, IndexFunc } from './store.js';
export { Reflector } from './reflector.js';
export type { ReflectorOptions, ReflectorSink } from './reflector.js';
export { Informer, DeletedFinalStateUnknown, deletedObject, metadataOnly } from './informer.js';
export type { InformerOptions, ResourceEventHandler } from './informer.js';
export { EventRecorder } from './events.js';
export type { EventRecorderOptions, EventType } from './events.js';
export { LeaderElector, leaderIdentity } from './leaderelection.js';
export type { LeaderElectionOptions, Lease, LeaseSpec } from './leaderelection.js';
export { stderrLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
