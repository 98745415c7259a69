// The API server: wires storage, registry, admission, controllers and the HTTP front end, and serves it over
// HTTPS (kubefed-local) or plain HTTP (in-process tests). startApiServer returns once it listens.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AdmissionChain } from './admission/admission.js';
import { builtinAdmission } from './admission/builtin-admission.js';
import { fieldValidationPlugin } from './admission/field-validation.js';
import { objectValidation } from './admission/object-validation.js';
import { workloadValidation } from './admission/workload-validation.js';
import { startClusterSecurity } from './auth/cluster-security.js';
import type { UserInfo } from './auth/token-file.js';
import { bootstrapCluster } from './cluster-controllers/bootstrap.js';
import { startGarbageCollector } from './cluster-controllers/garbage-collector.js';
import { startKubernetesService } from './cluster-controllers/kubernetes-service.js';
import { startNamespaceLifecycle } from './cluster-controllers/namespace-lifecycle.js';
import { startRootCaPublisher } from './cluster-controllers/root-ca-publisher.js';
import { customResourceAdmission } from './crd/custom-resource-admission.js';
import { crdAdmission, startCrdController } from './crd/crd-controller.js';
import { Discovery } from './handlers/discovery.js';
import { OpenApi } from './handlers/openapi.js';
import { handleResource } from './handlers/resource-handler.js';
import { answerReview, type ReviewAuthorizer } from './handlers/reviews.js';
import type { ClusterAuth } from './auth/cluster-auth.js';
import { impersonate } from './auth/impersonation.js';
import { ApiError, notAcceptable, notFoundPath, PlainNotFound, unauthorized } from './http/api-error.js';
import { negotiateDiscovery } from './http/media-type.js';
import { parseResourcePath } from './http/request-info.js';
import { sendError, sendJson, sendStatus, sendText } from './http/respond.js';
import { ObjectService } from './objects/object-service.js';
import { OPENAPI_V2_PROTOBUF } from './openapi/openapi-v2.js';
import { builtinUnknownFields } from './openapi/unknown-fields.js';
import { Registry } from './registry/registry.js';
import { DurableLog } from './storage/durable-log.js';
import { Store } from './storage/store.js';
import { startSimulation, type SimulationOptions } from './simulation/index.js';
import { serverVersion } from './version.js';

export interface ApiServerOptions {
  name?: string;
  host?: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** PEM cert and key; absent = plain HTTP (in-process tests only). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** tokens.csv text (or parsed); absent = no authentication. */
  tokens?: string | Map<string, UserInfo>;
  /** The token file behind `tokens`, re-read when it changes (kubefed-local's DIR/<cluster>/tokens.csv). */
  tokenFile?: string;
  /** The cluster CA (PEM), put into service-account-token Secrets as ca.crt. */
  caPem?: string;
  /** Persist here; absent = memory only. */
  dataDir?: string;
  historySize?: number;
  bookmarkIntervalMs?: number;
  log?: (line: string) => void;
  /** The simulated nodes and workload controllers (simulation/); false = none. Default: on, with defaults. */
  simulation?: SimulationOptions | false;
}

export interface RunningApiServer {
  port: number;
  url: string;
  store: Store;
  /** Stops listening, ends open watches, persists a snapshot. */
  close(): Promise<void>;
}

const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/livez']);

function reviewAuthorizer(auth: ClusterAuth): ReviewAuthorizer {
  return {
    decide: (u, a) => auth.decide(u, a),
    rulesIn: (u, ns) => auth.rbac.rulesIn(u, ns),
    authenticateToken: (token) => auth.authenticateToken(token),
  };
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<RunningApiServer> {
  const log = options.log ?? (() => undefined);
  const registry = new Registry();
  const store = new Store({ log: options.dataDir ? new DurableLog(options.dataDir) : undefined, historySize: options.historySize });
  const admission = new AdmissionChain();
  const service = new ObjectService(store, admission);
  admission.use(fieldValidationPlugin());
  admission.use(builtinAdmission(service));
  admission.use(builtinUnknownFields());
  admission.use(objectValidation());
  admission.use(workloadValidation());
  admission.use(crdAdmission(service));
  admission.use(customResourceAdmission());
  const stopCrds = startCrdController(registry, service);
  const stopNamespaces = startNamespaceLifecycle(registry, service);
  const stopGc = startGarbageCollector(registry, service);
  bootstrapCluster(registry, service);
  const stopRootCa = startRootCaPublisher(registry, service, options.caPem);
  const stopSimulation = options.simulation === false ? () => undefined
    : startSimulation({ registry, service, admission, clusterName: options.name ?? 'local', log }, options.simulation);
  const security = startClusterSecurity(registry, service, {
    tokens: options.tokens, tokenFile: options.tokenFile, dataDir: options.dataDir, caPem: options.caPem, log,
  });
  const discovery = new Discovery(registry);
  const openapi = new OpenApi(registry);
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
  const host = options.host ?? '127.0.0.1';
  let address = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
    let user: UserInfo | undefined;
    if (security.auth) {
      user = security.auth.authenticate(req.headers.authorization);
      const isPublic = PUBLIC_PATHS.has(path) || [...PUBLIC_PATHS].some((p) => path.startsWith(`${p}/`));
      if (!user && !isPublic) throw unauthorized();
      if (user) user = impersonate(security.auth, user, req.headers);
      if (user && !isPublic) security.auth.authorize(user, req.method ?? 'GET', path, url.searchParams);
    }
    const segments = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
    const first = segments[0] ?? '';
    if (PUBLIC_PATHS.has(`/${first}`)) {
      sendText(res, 200, 'text/plain; charset=utf-8', 'ok');
      return;
    }
    if (first === 'version' && segments.length === 1) {
      sendJson(res, 200, serverVersion());
      return;
    }
    if (first === 'openapi') {
      if (segments[1] === 'v2' && segments.length === 2) {
        res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Cache-Control': 'no-cache, private' });
        res.end(openapi.v2(serverVersion().gitVersion));
        return;
      }
      if (segments[1] === 'v3') {
        const text = segments.length === 2 ? openapi.index() : openapi.document(segments.slice(2).join('/'));
        if (text !== undefined) {
          sendText(res, 200, 'application/json', text);
          return;
        }
      }
      throw notFoundPath();
    }
    if ((first === 'api' || first === 'apis') && segments.length <= (first === 'api' ? 2 : 3) && req.method === 'GET') {
      serveDiscovery(req, res, segments);
      return;
    }
    const rr = parseResourcePath(segments);
    if (!rr) throw notFoundPath();
    await handleResource(req, res, rr, url.searchParams, {
      registry, service, bookmarkIntervalMs, signingKey: security.signingKey,
      review: (t, body, namespace) => answerReview(t, body, { user, authorizer: security.auth && reviewAuthorizer(security.auth), namespace }),
    });
  };

  const serveDiscovery = (req: IncomingMessage, res: ServerResponse, segments: string[]): void => {
    const core = segments[0] === 'api';
    if (segments.length === 1) {
      const v = negotiateDiscovery(req.headers.accept);
      if (!v) throw notAcceptable('only the following media types are accepted: application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
      if (v.kind === 'aggregated') {
        sendText(res, 200, `application/json;g=apidiscovery.k8s.io;v=${v.version};as=APIGroupDiscoveryList`, discovery.aggregated(core, v.version));
      } else {
        sendText(res, 200, 'application/json', core ? discovery.apiVersions(address) : discovery.apiGroupList());
      }
      return;
    }
    const text = core
      ? discovery.resourceList('', segments[1] as string)
      : segments.length === 2 ? discovery.apiGroup(segments[1] as string) : discovery.resourceList(segments[1] as string, segments[2] as string);
    if (text === undefined) throw notFoundPath();
    sendText(res, 200, 'application/json', text);
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof ApiError && res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof PlainNotFound) {
        sendText(res, 404, 'text/plain; charset=utf-8', `${err.message}\n`);
        return;
      }
      if (err instanceof ApiError && err.code === 401) {
        sendStatus(res, err.status);
        return;
      }
      sendError(res, err, log);
    });
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(listener);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  const stopKubernetesService = startKubernetesService(registry, service, port);
  log(`apiserver ${options.name ?? ''} listening on ${options.tls ? 'https' : 'http'}://${address}`);
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `${options.tls ? 'https' : 'http'}://${address}`,
    store,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        stopCrds();
        stopNamespaces();
        stopGc();
        stopRootCa();
        stopKubernetesService();
        stopSimulation();
        security.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close());
      return closing;
    },
  };
}
