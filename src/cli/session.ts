// The clusters a command talks to: connections built from the kubeconfig (--kubeconfig, $KUBECONFIG,
// ~/.kube/config), one RestClient and Discovery per context, all closed when the command ends.
import { Discovery } from '../client/index.js';
import { loadClusterConnection, type ClusterConnection } from '../client/index.js';
import { RestClient } from '../client/index.js';
import type { Log } from './log.js';

/** Flags every command except `version` takes (kubefed-behaviour.md §4). */
export interface GlobalOptions {
  kubeconfig?: string;
  hostClusterContext?: string;
  kubefedNamespace: string;
  dryRun: boolean;
  v: number;
}

export interface ClusterHandle {
  /** The kubeconfig context name. */
  readonly context: string;
  readonly connection: ClusterConnection;
  readonly client: RestClient;
  readonly discovery: Discovery;
}

/**
 * Opens clusters by context; the same context is opened once. CLI requests are few, so the rate limit is generous
 * (the default 5 qps would make `init` with 21 CRDs crawl).
 */
export class Session {
  readonly options: GlobalOptions;
  readonly log: Log;
  readonly #handles = new Map<string, ClusterHandle>();

  constructor(options: GlobalOptions, log: Log) {
    this.options = options;
    this.log = log;
  }

  /** The host cluster: `--host-cluster-context`, else the kubeconfig's current context. */
  host(): ClusterHandle {
    return this.cluster(this.options.hostClusterContext);
  }

  cluster(context: string | undefined): ClusterHandle {
    const key = context ?? '';
    const existing = this.#handles.get(key);
    if (existing) return existing;
    const opts: { kubeconfig?: string; context?: string } = {};
    if (this.options.kubeconfig) opts.kubeconfig = this.options.kubeconfig;
    if (context) opts.context = context;
    const connection = loadClusterConnection(opts);
    const client = new RestClient(connection, { qps: 100, burst: 200, timeoutMs: 30_000, userAgent: 'kubefedctl' });
    const handle: ClusterHandle = { context: connection.name, connection, client, discovery: new Discovery(client) };
    this.#handles.set(key, handle);
    if (!context) this.#handles.set(connection.name, handle);
    return handle;
  }

  close(): void {
    for (const h of new Set(this.#handles.values())) h.client.close();
    this.#handles.clear();
  }
}
