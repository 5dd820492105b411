package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/bench/httpbench"
)

// souk bench http: the example shop's home page and an action over HTTP
// with a bearer token, beside the same render run in process.
func init() {
	var (
		cfg       httpbench.Config
		prof      profileFlags
		recording float64
	)
	cmd := &cobra.Command{
		Use:   "http",
		Short: "Benchmark the shopper request path (render and action over HTTP) against the same event in process",
		Long: `Starts a souk node in this process (SQLite in a temporary directory, or a
scratch database on the PostgreSQL server of --database-url), builds a world
through its API (the example shop from --app-dir published, approved,
released and installed; a stocked catalog; a shopper with a bearer token),
then drives POST /api/v1/installations/{id}/render (page home) and /action
(product) with --conns connections for --duration each, and the same render
in process through marketplace.RunEvent with as many callers, and prints
events/s, p50/p90/p99 and the ratio. With --rate it also offers that many
home renders per second and reports the latency from when each was due.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, stop, err := prof.start()
			if err != nil {
				return err
			}
			defer stop()
			cfg.WorkerEnv = env
			if cfg.Recording, err = recordingShare(recording); err != nil {
				return fmt.Errorf("--recording: %w", err)
			}
			r, err := httpbench.Run(cmd.Context(), cfg, os.Stderr)
			if err != nil {
				return err
			}
			r.Print(cmd.OutOrStdout())
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&cfg.Conns, "conns", 8, "HTTP connections (and in-process callers)")
	f.DurationVar(&cfg.Duration, "duration", 5*time.Second, "length of each timed phase")
	f.IntVar(&cfg.Rate, "rate", 0, "also offer this many home renders per second and report p99 (0: skip)")
	f.StringVar(&cfg.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL server for a scratch database (default: SQLite in a temporary directory)")
	f.StringVar(&cfg.AppDir, "app-dir", "examples/shop", "the example shop's source directory")
	f.IntVar(&cfg.Products, "products", 20, "products in the brand's catalog")
	f.IntVar(&cfg.Workers, "workers", 0, "sandbox worker processes (default: number of CPUs)")
	f.BoolVar(&cfg.SkipAction, "skip-action", false, "skip the action phase")
	f.Float64Var(&recording, "recording", 1, "share of events recorded for souk replay, as the server's SOUK_RECORDING (0: none)")
	prof.add(f)
	benchCmd.AddCommand(cmd)
}
