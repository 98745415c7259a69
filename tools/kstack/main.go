// Command kstack is one multi-call binary holding the real Kubernetes control plane: kube-apiserver,
// kube-controller-manager, kube-scheduler and etcd. kubefed-local starts each component as its own process
// (`kstack kube-apiserver --flags…`), so the components keep separate metric registries and flag sets exactly
// as the upstream binaries do. Nothing here reaches below the upstream command constructors: each subcommand is
// the cobra command (or, for etcd, the main function) that the upstream binary's own main calls.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	_ "time/tzdata" // CronJob time zones, as the upstream controller manager embeds them

	"github.com/spf13/cobra"
	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

var components = map[string]bool{"kube-apiserver": true, "kube-controller-manager": true, "kube-scheduler": true, "etcd": true}

const usage = "usage: kstack {kube-apiserver|kube-controller-manager|kube-scheduler|etcd} [flags]"

func main() {
	// Dispatch on the program name when kstack is linked under a component's name, else on the first argument.
	name := filepath.Base(os.Args[0])
	args := os.Args[1:]
	if !components[name] {
		if len(args) == 0 {
			fmt.Fprintln(os.Stderr, usage)
			os.Exit(2)
		}
		name, args = args[0], args[1:]
	}
	switch name {
	case "kube-apiserver":
		os.Exit(run(apiserver.NewAPIServerCommand(), args))
	case "kube-controller-manager":
		os.Exit(run(controllermanager.NewControllerManagerCommand(), args))
	case "kube-scheduler":
		os.Exit(run(scheduler.NewSchedulerCommand(), args))
	case "etcd":
		// etcd's main reads its flags from args[1:], like os.Args of the etcd binary.
		etcdmain.Main(append([]string{"etcd"}, args...))
	default:
		fmt.Fprintf(os.Stderr, "kstack: unknown component %q\n%s\n", name, usage)
		os.Exit(2)
	}
}

// run hands the flags to the upstream command and runs it the way the upstream main does (cli.Run sets up
// logging flushes and the exit code).
func run(c *cobra.Command, args []string) int {
	c.SetArgs(args)
	return cli.Run(c)
}
