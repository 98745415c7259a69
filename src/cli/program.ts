// The kubefedctl command tree (commander 14): KubeFed's commands and flags (kubefed-behaviour.md §4) plus `init`
// and `completion`. Handlers only translate flags into the options of the command modules.
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION, DEFAULT_KUBEFED_NAMESPACE } from '../apis/constants.js';
import { completionScript } from './completion.js';
import { disable } from './disable.js';
import { applyFederatedType, prepareEnable } from './enable.js';
import { CliError } from './errors.js';
import { federate, parseSelector } from './federate.js';
import { init } from './init.js';
import { join } from './join.js';
import { createLog } from './log.js';
import { orphaning, type OrphaningAction } from './orphaning.js';
import { registerPlanReplicas } from './commands/plan-replicas.js';
import { formatObjects, parseOutputFormat } from './output.js';
import { Session, type GlobalOptions } from './session.js';
import { unjoin } from './unjoin.js';
import { formatVersionInfo, versionInfo } from './version.js';

function verbosity(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a log level, e.g. --v=2');
  return Number(value);
}

/** `--flag`, `--flag=true` and `--flag=false`, as Go's boolean flags accept. */
function boolValue(value: string): boolean {
  if (/^(true|1|t)$/i.test(value)) return true;
  if (/^(false|0|f)$/i.test(value)) return false;
  throw new InvalidArgumentError('expected true or false');
}

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

type Handler = (session: Session) => Promise<void>;

/** Runs a command against the clusters with the global flags, closing every connection afterwards. */
async function withSession(cmd: Command, source: string, handler: Handler): Promise<void> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const options: GlobalOptions = {
    kubefedNamespace: g.kubefedNamespace || DEFAULT_KUBEFED_NAMESPACE,
    dryRun: g.dryRun === true,
    v: g.v ?? 0,
    ...(g.kubeconfig ? { kubeconfig: g.kubeconfig } : {}),
    ...(g.hostClusterContext ? { hostClusterContext: g.hostClusterContext } : {}),
  };
  const session = new Session(options, createLog(options.v, source));
  try {
    await handler(session);
  } finally {
    session.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('kubefedctl')
    .description('kubefedctl controls a Kubernetes Cluster Federation (KubeFed) control plane.\n\nFind more information at https://github.com/kubernetes-sigs/kubefed.')
    .option('--kubeconfig <path>', 'path to the kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--host-cluster-context <context>', 'context of the host cluster (default: the current context)')
    .option('--kubefed-namespace <namespace>', 'namespace of the KubeFed control plane', DEFAULT_KUBEFED_NAMESPACE)
    .option('--dry-run [bool]', 'run the command without changing anything', boolValue, false)
    .option('--v <level>', 'log level for progress lines on stderr (--v=2 shows each step)', verbosity, 0)
    .showSuggestionAfterError(true)
    .action(function (this: Command) {
      this.outputHelp();
    });

  program
    .command('version')
    .description('Print the version info')
    .addOption(new Option('-o, --output <format>', 'json or yaml instead of the Go-style struct').choices(['json', 'yaml']))
    .action((opts: { output?: 'json' | 'yaml' }) => {
      const info = versionInfo();
      if (opts.output === 'json') console.log(JSON.stringify({ kubefedctlVersion: info }, null, 2));
      else if (opts.output === 'yaml') console.log(`kubefedctlVersion:\n${Object.entries(info).map(([k, v]) => `  ${k[0]?.toLowerCase()}${k.slice(1)}: ${JSON.stringify(v)}`).join('\n')}`);
      else console.log(`kubefedctl version: ${formatVersionInfo(info)}`);
    });

  program
    .command('init')
    .summary("Install the control plane's API objects into the host cluster")
    .description('Install the KubeFed control plane\'s API objects into the host cluster: the namespace, the CRDs, the KubeFedConfig "kubefed", the controller\'s RBAC and the ten default FederatedTypeConfigs (the same objects as the Helm chart and config/). With --deploy also the controller manager\'s Deployment and metrics Service, for clusters without Helm. Safe to run again: existing objects are reported unchanged, and an existing KubeFedConfig is never rewritten.')
    .addOption(new Option('--scope <scope>', 'scope of the control plane: Cluster (all namespaces) or Namespaced (only the KubeFed namespace)').choices(['Cluster', 'Namespaced']).default('Cluster'))
    .option('--deploy [bool]', 'also install the controller manager Deployment and its metrics Service', boolValue, false)
    .option('--image <image>', 'image of the controller manager Deployment (with --deploy; default: this release\'s image)')
    .action(async (opts: { scope: 'Cluster' | 'Namespaced'; deploy: boolean; image?: string }, cmd: Command) => {
      await withSession(cmd, 'init', (s) => init(s, { scope: opts.scope, deploy: opts.deploy, ...(opts.image !== undefined ? { image: opts.image } : {}) }));
    });

  program
    .command('join')
    .summary('Register a cluster with a KubeFed control plane')
    .argument('<CLUSTER_NAME>', 'name of the KubeFedCluster to create')
    .description('Register a cluster with a KubeFed control plane: creates a ServiceAccount with full access (or namespace access in Namespaced scope) in the joining cluster and a KubeFedCluster with its credentials in the host cluster.\n\nExample: kubefedctl join cluster2 --cluster-context cluster2 --host-cluster-context cluster1 --v=2')
    .option('--cluster-context <context>', 'context of the joining cluster (default: CLUSTER_NAME)')
    .option('--host-cluster-name <name>', 'name of the host cluster used in member-side object names (default: the host context; required when it contains ":" or "/")')
    .option('--secret-name <name>', 'name of the credentials secret in the host cluster (default: generated "<CLUSTER_NAME>-xxxxx")')
    .option('--error-on-existing [bool]', 'fail when an object to create already exists; --error-on-existing=false updates it instead', boolValue, true)
    .action(async (clusterName: string, opts: { clusterContext?: string; hostClusterName?: string; secretName?: string; errorOnExisting: boolean }, cmd: Command) => {
      await withSession(cmd, 'join', (s) => join(s, clusterName, opts));
    });

  program
    .command('unjoin')
    .summary('Remove a cluster from a KubeFed control plane')
    .argument('<CLUSTER_NAME>', 'name of the KubeFedCluster to remove')
    .description('Remove a cluster from a KubeFed control plane: deletes what join created in the cluster and in the host cluster.')
    .option('--cluster-context <context>', 'context of the unjoining cluster (default: CLUSTER_NAME)')
    .option('--host-cluster-name <name>', 'name of the host cluster used in member-side object names (default: the host context)')
    .option('--force [bool]', 'continue when the cluster is unreachable or already partly removed', boolValue, false)
    .action(async (clusterName: string, opts: { clusterContext?: string; hostClusterName?: string; force: boolean }, cmd: Command) => {
      await withSession(cmd, 'unjoin', (s) => unjoin(s, clusterName, opts));
    });

  program
    .command('enable')
    .summary('Enable propagation of a Kubernetes API type')
    .argument('[NAME]', 'the type to federate: Kind (Deployment), plural (deployments), plural.group (deployments.apps) or short name (deploy)')
    .description('Enable propagation of a Kubernetes API type: creates its Federated<Kind> CRD and its FederatedTypeConfig in the host cluster.')
    .option('-f, --filename <file>', 'an EnableTypeDirective YAML file naming the type (NAME and the --federated-*/--version flags are then ignored)')
    .option('--version <version>', 'API version of the target type (default: the preferred version)')
    .option('--federated-group <group>', 'API group of the federated type', DEFAULT_FEDERATED_GROUP)
    .option('--federated-version <version>', 'API version of the federated type', DEFAULT_FEDERATED_VERSION)
    .option('-o, --output <format>', 'print the FederatedTypeConfig and CRD as yaml or json instead of creating them')
    .action(async (name: string | undefined, opts: { filename?: string; version?: string; federatedGroup: string; federatedVersion: string; output?: string }, cmd: Command) => {
      const output = parseOutputFormat(opts.output);
      await withSession(cmd, 'enable', async (s) => {
        const { ftc, crd } = await prepareEnable(s, name, opts);
        if (output) process.stdout.write(formatObjects([ftc, crd], output));
        else await applyFederatedType(s, s.host(), ftc, crd, (line) => console.log(line));
      });
    });

  program
    .command('disable')
    .summary('Disable propagation of a Kubernetes API type')
    .argument('<NAME>', 'the type to stop federating: an FTC name (deployments.apps) or anything enable accepts')
    .description('Disable propagation of a Kubernetes API type: stops its propagation, then deletes its FederatedTypeConfig (and with --delete-crd its Federated<Kind> CRD).')
    .option('--delete-crd', 'also delete the Federated<Kind> CRD (refused while federated resources of the type exist)', false)
    .option('--federated-group <group>', 'API group of the federated type (only with --delete-crd)')
    .option('--version <version>', 'API version of the target type (only with --delete-crd)')
    .action(async (name: string, opts: { deleteCrd: boolean; federatedGroup?: string; version?: string }, cmd: Command) => {
      await withSession(cmd, 'disable', (s) => disable(s, name, opts));
    });

  program
    .command('federate')
    .summary('Federate an existing object, a namespace with its contents, or the objects in a file')
    .argument('[TYPE-NAME]', 'type of the object, as enable accepts it (deployments.apps, deploy, Namespace, ...)')
    .argument('[RESOURCE-NAME]', 'name of the object')
    .description(
      'Federate an existing object: create its Federated<Kind> in the host cluster from the live object (or print it with -o).\n\n' +
        'Placement: the federated object selects all joined clusters (clusterSelector {}), as KubeFed did, unless --clusters or --cluster-selector says otherwise. ' +
        'With --contents the namespace\'s objects select all clusters too, which the sync controller intersects with the FederatedNamespace\'s placement: placing the namespace places its contents. ' +
        '--contents skips objects every cluster makes itself (controller-owned objects such as a Deployment\'s ReplicaSets and Pods, kube-root-ca.crt, the default ServiceAccount, token Secrets) and types that are not enabled (unless --enable-type).',
    )
    .option('-n, --namespace <namespace>', 'namespace of the object (default: the context\'s namespace, else default)')
    .option('-o, --output <format>', 'print the federated objects as yaml or json instead of creating them')
    .option('-t, --enable-type', 'enable the type (and with --contents every contained type) first if needed', false)
    .option('-c, --contents', 'for a namespace: also federate the objects in it', false)
    .option('-f, --filename <file>', 'convert the objects in FILE ("-" for stdin) and print them; nothing is created')
    .option('-s, --skip-api-resources <list>', 'with --contents: types to skip (short name, kind, plural, plural.group or group), comma separated', list, [])
    .option('--clusters <names>', 'place the federated object in exactly these clusters (comma separated)', list)
    .option('--cluster-selector <labels>', 'place the federated object in the clusters with these labels (KEY=VALUE,...)')
    .action(async (typeName: string | undefined, name: string | undefined, opts: {
      namespace?: string; output?: string; enableType: boolean; contents: boolean; filename?: string; skipApiResources: string[]; clusters?: string[]; clusterSelector?: string;
    }, cmd: Command) => {
      const output = parseOutputFormat(opts.output);
      await withSession(cmd, 'federate', (s) =>
        federate(s, typeName, name, {
          enableType: opts.enableType,
          contents: opts.contents,
          skipApiResources: opts.skipApiResources,
          ...(opts.namespace ? { namespace: opts.namespace } : {}),
          ...(output ? { output } : {}),
          ...(opts.filename ? { filename: opts.filename } : {}),
          ...(opts.clusters ? { clusters: opts.clusters } : {}),
          ...(opts.clusterSelector !== undefined ? { clusterSelector: parseSelector(opts.clusterSelector) } : {}),
        }),
      );
    });

  const orphan = program
    .command('orphaning-deletion')
    .summary('Manage orphaning deletion of a federated resource')
    .description('Manage orphaning deletion of a federated resource: with it enabled, deleting the federated resource leaves the objects in member clusters in place (annotation kubefed.io/orphan).');
  for (const [action, text] of [
    ['enable', 'Enable orphaning deletion: member objects survive the deletion of the federated resource'],
    ['disable', 'Disable orphaning deletion: member objects are deleted with the federated resource'],
    ['status', 'Print Enabled or Disabled'],
  ] as const) {
    orphan
      .command(action)
      .argument('<TYPE-NAME>', 'federated type, e.g. FederatedDeployment or federateddeployments')
      .argument('<RESOURCE-NAME>', 'name of the federated resource')
      .description(text)
      .option('-n, --namespace <namespace>', 'namespace of the federated resource (default: the context\'s namespace, else default)')
      .action(async (typeName: string, name: string, opts: { namespace?: string }, cmd: Command) => {
        await withSession(cmd, 'orphaning', (s) => orphaning(s, action as OrphaningAction, typeName, name, opts.namespace));
      });
  }

  registerPlanReplicas(program, withSession);

  program
    .command('completion')
    .argument('<SHELL>', 'bash or zsh')
    .description('Print a shell completion script: source <(kubefedctl completion bash)')
    .action((shell: string) => {
      process.stdout.write(completionScript(program, shell));
    });

  return program;
}

export { CliError };
