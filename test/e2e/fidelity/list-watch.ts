// List and watch, as reflectors and informers use them: pagination (limit, continue, remainingItemCount), list
// resourceVersion semantics, watch from a list's resourceVersion, selector transitions, the initial-events stream
// with its closing bookmark, and the errors for bad tokens and resourceVersions.
import { answer, at, configMap, names, nsPath, pick, type Scenario, type Target, type WatchEvent } from './scenario.js';

async function createConfigMaps(t: Target, count: number, labels?: Record<string, string>): Promise<void> {
  for (let i = 0; i < count; i++) await t.request('POST', nsPath(t, 'configmaps'), { body: configMap(`cm-${i}`, { i: String(i) }, labels) });
}

/** A watch event reduced to what a client acts on. */
function event(e: WatchEvent): Record<string, unknown> {
  return { type: e.type, kind: at(e.object, 'kind'), name: at(e.object, 'metadata.name'), data: at(e.object, 'data'), annotations: at(e.object, 'metadata.annotations'), resourceVersion: at(e.object, 'metadata.resourceVersion') };
}

export const listWatchScenarios: Scenario[] = [
  {
    id: 'list-watch.limit-continue',
    async run(t) {
      await createConfigMaps(t, 5, { page: 'yes' });
      const path = nsPath(t, 'configmaps');
      const pages: unknown[] = [];
      let cont = '';
      for (let i = 0; i < 4; i++) {
        const r = await t.request('GET', `${path}?limit=2${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
        pages.push({ status: r.status, names: names(r.body), metadata: at(r.body, 'metadata'), kind: at(r.body, 'kind'), apiVersion: at(r.body, 'apiVersion') });
        cont = String(at(r.body, 'metadata.continue') ?? '');
        if (!cont) break;
      }
      const selected = await t.request('GET', `${path}?limit=2&labelSelector=page%3Dyes`);
      // Well-formed tokens the server cannot use (k8s.io/apiserver/pkg/storage/continue.go); the text of a token that
      // is not even JSON comes from Go's JSON decoder.
      const token = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
      const badVersion = await t.request('GET', `${path}?limit=2&continue=${token({ v: 'meta.k8s.io/v0', rv: 5, start: 'x' })}`);
      const badRv = await t.request('GET', `${path}?limit=2&continue=${token({ v: 'meta.k8s.io/v1', rv: 0, start: 'x' })}`);
      const noStart = await t.request('GET', `${path}?limit=2&continue=${token({ v: 'meta.k8s.io/v1', rv: 5 })}`);
      const withRv = await t.request('GET', `${path}?limit=2&resourceVersion=0`);
      return {
        pages,
        selected: { names: names(selected.body), metadata: at(selected.body, 'metadata') },
        badVersion: answer(badVersion),
        badRv: answer(badRv),
        noStart: answer(noStart),
        rvZero: { status: withRv.status, names: names(withRv.body).length },
      };
    },
  },
  {
    id: 'list-watch.list-resource-version-match',
    async run(t) {
      await createConfigMaps(t, 1);
      const path = nsPath(t, 'configmaps');
      const list = await t.request('GET', path);
      const rv = String(at(list.body, 'metadata.resourceVersion'));
      const exact = await t.request('GET', `${path}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
      const notOlder = await t.request('GET', `${path}?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`);
      const matchWithoutRv = await t.request('GET', `${path}?resourceVersionMatch=NotOlderThan`);
      const badMatch = await t.request('GET', `${path}?resourceVersion=${rv}&resourceVersionMatch=Newest`);
      const notNumber = await t.request('GET', `${path}?resourceVersion=abc`);
      return {
        exact: { status: exact.status, names: names(exact.body) },
        notOlder: { status: notOlder.status, names: names(notOlder.body) },
        matchWithoutRv: answer(matchWithoutRv),
        badMatch: answer(badMatch),
        notNumber: answer(notNumber),
      };
    },
  },
  {
    id: 'list-watch.watch-from-list',
    async run(t) {
      await createConfigMaps(t, 1);
      const path = nsPath(t, 'configmaps');
      const list = await t.request('GET', path);
      const rv = String(at(list.body, 'metadata.resourceVersion'));
      const w = await t.watch(`${path}?watch=true&resourceVersion=${rv}`, {
        until: (evs) => evs.some((e) => e.type === 'DELETED'),
        onOpen: async () => {
          await t.request('POST', path, { body: configMap('w1', { step: '1' }) });
          await t.request('PATCH', `${path}/w1`, { body: { data: { step: '2' } }, contentType: 'application/merge-patch+json' });
          await t.request('DELETE', `${path}/w1`);
        },
      });
      return { status: w.status, events: w.events.map(event) };
    },
  },
  {
    id: 'list-watch.watch-selector-transitions',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      const w = await t.watch(`${path}?watch=true&labelSelector=tier%3Dfront`, {
        until: (evs) => evs.filter((e) => e.type === 'DELETED').length >= 2,
        onOpen: async () => {
          await t.request('POST', path, { body: configMap('moves', {}, { tier: 'back' }) });
          await t.request('PATCH', `${path}/moves`, { body: { metadata: { labels: { tier: 'front' } } }, contentType: 'application/merge-patch+json' });
          await t.request('PATCH', `${path}/moves`, { body: { data: { x: '1' } }, contentType: 'application/merge-patch+json' });
          await t.request('PATCH', `${path}/moves`, { body: { metadata: { labels: { tier: 'back' } } }, contentType: 'application/merge-patch+json' });
          await t.request('POST', path, { body: configMap('stays', {}, { tier: 'front' }) });
          await t.request('DELETE', `${path}/stays`);
        },
      });
      return { status: w.status, events: w.events.map((e) => ({ ...event(e), labels: at(e.object, 'metadata.labels') })) };
    },
  },
  {
    id: 'list-watch.initial-events-bookmark',
    async run(t) {
      await createConfigMaps(t, 2);
      const path = nsPath(t, 'configmaps');
      const w = await t.watch(`${path}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`, {
        until: (evs) => evs.some((e) => e.type === 'BOOKMARK'),
      });
      const withoutMatch = await t.request('GET', `${path}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true`);
      const bookmark = w.events.find((e) => e.type === 'BOOKMARK');
      return {
        status: w.status,
        events: w.events.map((e) => ({ type: e.type, name: at(e.object, 'metadata.name') })).sort((a, b) => String(a.name).localeCompare(String(b.name))),
        bookmark: bookmark && { ...pick(bookmark.object, ['kind', 'apiVersion']), metadata: at(bookmark.object, 'metadata') },
        withoutMatch: answer(withoutMatch),
      };
    },
  },
  {
    id: 'list-watch.watch-timeout',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      const started = Date.now();
      const w = await t.watch(`${path}?watch=true&timeoutSeconds=1`, { timeoutMs: 8000 });
      // The stream ends by itself (the server closes it) close to the timeout.
      return { status: w.status, events: w.events.map(event), closedByServer: Date.now() - started < 6000 };
    },
  },
];
