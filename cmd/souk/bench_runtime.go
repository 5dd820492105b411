package main

import (
	"os"
	"time"

	bench "github.com/soukhq/souk/bench/runtime"
	"github.com/spf13/cobra"
)

// souk bench runtime: cold start, warm latency and events/s of the sandbox
// pool, and the same bundle in Node.js as the peer (a fresh node:vm context
// per event, and one warm context per installation), with the ratios.
func init() {
	var cfg bench.Config
	var prof profileFlags
	cmd := &cobra.Command{
		Use:   "runtime",
		Short: "Benchmark the mini-program sandbox against Node.js node:vm on the same bundle",
		Long: `Starts a sandbox pool and measures, for one benchmark app (--app): cold starts,
warm latency with one caller, and events/s with concurrent callers; then the
engine floor (the handler alone in one bare goja runtime in this process, no
sandbox, pipe or JSON: the handler's own cost in the engine);
then the same bundle in Node.js, with a fresh node:vm context per event and
with one warm context, alternating rounds with souk's so that both see the
same machine. Prints the figures, the ratios and the targets.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, stop, err := prof.start()
			if err != nil {
				return err
			}
			defer stop()
			cfg.WorkerEnv = env
			r, err := bench.Run(cmd.Context(), cfg, os.Stderr)
			if err != nil {
				return err
			}
			r.Print(cmd.OutOrStdout())
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&cfg.Workers, "workers", 0, "sandbox worker processes (default: number of CPUs)")
	f.IntVar(&cfg.Callers, "callers", 0, "concurrent callers in the throughput phase (default: 2 × workers)")
	f.DurationVar(&cfg.Phase, "duration", 3*time.Second, "length of each timed phase")
	f.IntVar(&cfg.ColdBundles, "cold", 5, "distinct new bundles for the cold-start measurement")
	f.IntVar(&cfg.Rounds, "rounds", 3, "throughput rounds, souk and node alternating (medians are compared)")
	f.StringVar(&cfg.App, "app", "catalog", `benchmark bundle: "catalog" (a 20-product list view), "hello" (one text component: the fixed cost of an event) or "npm" (the catalog built with zod, decimal.js, dayjs, lodash-es and validator, ~520 KB)`)
	f.StringVar(&cfg.Node, "node", "", `node binary for the peer ("" = from PATH, "-" = skip)`)
	f.IntVar(&cfg.NodeProcs, "node-procs", 0, "node peer processes run in parallel (default: workers)")
	prof.add(f)
	benchCmd.AddCommand(cmd)
}
