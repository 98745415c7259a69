// `kubefedctl completion bash|zsh`: shell completion scripts generated from the command tree, so every command and
// flag added to the program is completed without editing a script by hand.
import type { Command } from 'commander';
import { CliError } from './errors.js';

export interface CompletionNode {
  /** Space-separated command path below the root ('' for the root). */
  path: string;
  subcommands: string[];
  flags: string[];
}

/** Flags whose value is a kubeconfig context: completed from `kubectl config get-contexts -o name`. */
export const CONTEXT_FLAGS = ['--host-cluster-context', '--cluster-context', '--context'];

export function completionTree(root: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const rootFlags = root.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => typeof f === 'string');
  const walk = (cmd: Command, path: string): void => {
    const flags = cmd === root ? rootFlags : [...new Set([...cmd.options.flatMap((o) => [o.long, o.short]), ...rootFlags])];
    nodes.push({
      path,
      subcommands: cmd.commands.map((c) => c.name()),
      flags: [...flags.filter((f): f is string => typeof f === 'string'), '--help'],
    });
    for (const c of cmd.commands) walk(c, path ? `${path} ${c.name()}` : c.name());
  };
  walk(root, '');
  return nodes;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function bashCompletion(root: Command): string {
  const name = root.name();
  const nodes = completionTree(root);
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const transitions = nodes.filter((n) => n.path !== '').map((n) => shellQuote(n.path)).join('|');
  const cases = nodes.map((n) => `    ${shellQuote(n.path)}) words=${shellQuote([...n.subcommands, ...n.flags].join(' '))} ;;`).join('\n');
  return `# bash completion for ${name}; load with: source <(${name} completion bash)
${fn}() {
  local cur prev cmdpath w i words candidate
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    ${CONTEXT_FLAGS.join('|')})
      COMPREPLY=( $(compgen -W "$(kubectl config get-contexts -o name 2>/dev/null)" -- "$cur") )
      return 0 ;;
  esac
  cmdpath=""
  for ((i=1; i<COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    candidate="\${cmdpath:+$cmdpath }$w"
    case "$candidate" in
      ${transitions}) cmdpath="$candidate" ;;
    esac
  done
  case "$cmdpath" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F ${fn} ${name}
`;
}

export function zshCompletion(root: Command): string {
  const name = root.name();
  const nodes = completionTree(root);
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const transitions = nodes.filter((n) => n.path !== '').map((n) => shellQuote(n.path)).join('|');
  const cases = nodes.map((n) => `    (${shellQuote(n.path)}) compadd -- ${[...n.subcommands, ...n.flags].map(shellQuote).join(' ')} ;;`).join('\n');
  return `#compdef ${name}
# zsh completion for ${name}; load with: source <(${name} completion zsh)
${fn}() {
  local cmdpath="" w i candidate
  case "\${words[CURRENT-1]}" in
    (${CONTEXT_FLAGS.join('|')})
      compadd -- \${(f)"$(kubectl config get-contexts -o name 2>/dev/null)"}
      return ;;
  esac
  for ((i=2; i<CURRENT; i++)); do
    w="\${words[i]}"
    [[ "$w" == -* ]] && continue
    candidate="\${cmdpath:+$cmdpath }$w"
    case "$candidate" in
      (${transitions}) cmdpath="$candidate" ;;
    esac
  done
  case "$cmdpath" in
${cases}
  esac
}
if [[ "$funcstack[1]" == "${fn}" ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${name}
fi
`;
}

export function completionScript(root: Command, shell: string): string {
  if (shell === 'bash') return bashCompletion(root);
  if (shell === 'zsh') return zshCompletion(root);
  throw new CliError(`unsupported shell "${shell}": kubefedctl completion supports bash and zsh`);
}
