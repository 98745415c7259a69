// The token controller (kube-controller-manager's serviceaccount-token controller): a Secret of type
// kubernetes.io/service-account-token that names a ServiceAccount gets data.token (a signed legacy token),
// data["ca.crt"] (the cluster CA) and data.namespace, and the ServiceAccount's uid annotation. A Secret written
// before its ServiceAccount is filled when the ServiceAccount appears; deleting a ServiceAccount deletes its token
// Secrets. Reacts to store changes in the same tick, so a Secret is filled long before a client polls it.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import type { SigningKey } from '../auth/jwt.js';
import {
  issueLegacyToken, SA_NAME_ANNOTATION, SA_UID_ANNOTATION, SECRETS_KEY, SERVICE_ACCOUNT_TOKEN_TYPE, SERVICE_ACCOUNTS_KEY,
} from '../auth/service-account-token.js';
import type { ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';

export interface ServiceAccountTokensOptions {
  signingKey: SigningKey;
  /** PEM of the cluster CA; omitted from the Secret when absent (plain-HTTP test servers). */
  caPem?: string;
  log?: (line: string) => void;
}

const FIELD_MANAGER = 'kube-controller-manager';

function isTokenSecret(o: KubeObject): boolean {
  return o.type === SERVICE_ACCOUNT_TOKEN_TYPE && !!o.metadata.annotations?.[SA_NAME_ANNOTATION];
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

export function startServiceAccountTokens(registry: Registry, svc: ObjectService, opts: ServiceAccountTokensOptions): () => void {
  const store = svc.store;
  const secretType = registry.get('', 'v1', 'secrets') as ResourceType;
  const pending = new Set<string>();
  const deletedAccounts: KubeObject[] = [];
  let scheduled = false;
  let stopped = false;

  /** The ServiceAccount a token Secret belongs to, if it exists and matches the Secret's uid annotation. */
  const accountFor = (secret: KubeObject): KubeObject | undefined => {
    const ns = secret.metadata.namespace ?? '';
    const sa = store.get(SERVICE_ACCOUNTS_KEY, ns, secret.metadata.annotations?.[SA_NAME_ANNOTATION] ?? '');
    const wantUid = secret.metadata.annotations?.[SA_UID_ANNOTATION];
    if (!sa || sa.metadata.deletionTimestamp || (wantUid && wantUid !== sa.metadata.uid)) return undefined;
    return sa;
  };

  const fill = (ns: string, name: string): void => {
    const secret = store.get(SECRETS_KEY, ns, name);
    if (!secret || secret.metadata.deletionTimestamp || !isTokenSecret(secret)) return;
    const data = isObject(secret.data) ? secret.data : {};
    const sa = accountFor(secret);
    if (!sa) return;
    const ca = opts.caPem === undefined ? undefined : b64(opts.caPem);
    const complete = typeof data.token === 'string' && data.token !== '' && data.namespace === b64(ns)
      && (ca === undefined || data['ca.crt'] === ca) && secret.metadata.annotations?.[SA_UID_ANNOTATION] === sa.metadata.uid;
    if (complete) return;
    svc.mutate(secretType, ns, name, '', { fieldManager: FIELD_MANAGER }, (cur) => {
      const d = isObject(cur.data) ? { ...cur.data } : {};
      if (typeof d.token !== 'string' || d.token === '') d.token = b64(issueLegacyToken(sa, name, opts.signingKey));
      if (ca !== undefined) d['ca.crt'] = ca;
      d.namespace = b64(ns);
      cur.data = d;
      cur.metadata.annotations = { ...cur.metadata.annotations, [SA_UID_ANNOTATION]: sa.metadata.uid ?? '' };
      return cur;
    });
  };

  /** Token Secrets of a deleted ServiceAccount go with it (the token controller's deleteTokens). */
  const removeTokensOf = (sa: KubeObject): void => {
    const ns = sa.metadata.namespace ?? '';
    for (const s of [...store.list(SECRETS_KEY, ns)]) {
      if (!isTokenSecret(s) || s.metadata.deletionTimestamp) continue;
      if (s.metadata.annotations?.[SA_NAME_ANNOTATION] !== sa.metadata.name) continue;
      const uid = s.metadata.annotations?.[SA_UID_ANNOTATION];
      if (uid && uid !== sa.metadata.uid) continue;
      svc.delete(secretType, ns, s.metadata.name ?? '', { preconditions: { uid: s.metadata.uid } });
    }
  };

  const work = (): void => {
    scheduled = false;
    if (stopped) return;
    for (const sa of deletedAccounts.splice(0)) {
      try {
        removeTokensOf(sa);
      } catch (e) {
        opts.log?.(`service-account-tokens: deleting tokens of ${sa.metadata.namespace ?? ''}/${sa.metadata.name ?? ''}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (const key of [...pending]) {
      pending.delete(key);
      const [ns = '', name = ''] = key.split('/');
      try {
        fill(ns, name);
      } catch (e) {
        // A failed write (a concurrent update, a namespace being deleted) is retried on the Secret's next change.
        opts.log?.(`service-account-tokens: filling secret ${key}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(work);
  };

  const queueSecret = (o: KubeObject): void => {
    if (!isTokenSecret(o) || o.metadata.deletionTimestamp) return;
    pending.add(`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
    schedule();
  };

  const unsubSecrets = store.subscribe(SECRETS_KEY, (ev) => {
    if (ev.type !== 'DELETED') queueSecret(ev.object);
  });
  const unsubAccounts = store.subscribe(SERVICE_ACCOUNTS_KEY, (ev) => {
    const sa = ev.object;
    if (ev.type === 'DELETED') {
      deletedAccounts.push(sa);
      schedule();
      return;
    }
    for (const s of store.list(SECRETS_KEY, sa.metadata.namespace ?? '')) {
      if (s.metadata.annotations?.[SA_NAME_ANNOTATION] === sa.metadata.name) queueSecret(s);
    }
  });
  for (const s of store.list(SECRETS_KEY)) queueSecret(s);
  return () => {
    stopped = true;
    unsubSecrets();
    unsubAccounts();
  };
}
