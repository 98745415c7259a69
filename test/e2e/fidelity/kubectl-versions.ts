// One user flow with each kubectl the project supports (1.27, 1.29, 1.31, 1.33 called directly, 1.32 through the
// gcloud dispatcher): protobuf creates, apply, the human and machine-readable get outputs, patch, describe,
// explain, delete and the NotFound that follows.
import { stringify } from 'yaml';
import { configMap, type KubectlMinor, type Scenario } from './scenario.js';

const MINORS: KubectlMinor[] = [27, 29, 31, 32, 33];

export const kubectlVersionScenarios: Scenario[] = MINORS.map((minor) => ({
  id: `kubectl-versions.1-${minor}`,
  async run(t) {
    const k = (args: string[]): ReturnType<typeof t.kubectl> => t.kubectl([...args, '-n', t.namespace], { minor });
    const v1 = t.file('flow1.yaml', stringify(configMap('flow', { a: '1' }, { app: 'flow' })));
    const v2 = t.file('flow2.yaml', stringify(configMap('flow', { a: '2' }, { app: 'flow' })));
    return {
      createLiteral: await k(['create', 'configmap', 'lit', '--from-literal=k=v']),
      createSecret: await k(['create', 'secret', 'generic', 'sec', '--from-literal=p=q']),
      createSa: await k(['create', 'serviceaccount', 'robot']),
      apply: await k(['apply', '-f', v1]),
      reapply: await k(['apply', '-f', v2]),
      get: await k(['get', 'configmap', 'flow', 'lit']),
      getYaml: await k(['get', 'configmap', 'flow', '-o', 'yaml']),
      getJsonList: await k(['get', 'configmaps', '-l', 'app=flow', '-o', 'json']),
      patch: await k(['patch', 'configmap', 'flow', '--type=merge', '-p', '{"data":{"b":"3"}}']),
      label: await k(['label', 'configmap', 'flow', 'x=y']),
      // One key: kubectl describe prints a map in Go's random iteration order.
      describe: await k(['describe', 'configmap', 'lit']),
      explain: await t.kubectl(['explain', 'configmap.immutable'], { minor }),
      delete: await k(['delete', 'configmap', 'flow', 'lit']),
      afterDelete: await k(['get', 'configmap', 'flow']),
      secretType: await k(['get', 'secret', 'sec', '-o', 'jsonpath={.type} {.data.p}']),
    };
  },
}));
