package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	bench "github.com/soukhq/souk/bench/live"
)

// souk bench live: one live room with thousands of viewers (messages and
// aggregated likes fanned out over WebSockets), then a flash sale of many
// concurrent one-tap buys against little stock.
func init() {
	var (
		cfg     bench.Config
		profile string
	)
	cmd := &cobra.Command{
		Use:   "live",
		Short: "Benchmark a live room: viewer fan-out of messages and likes, and a flash sale that must not oversell",
		Long: `Starts a souk node in this process (SQLite in a temporary directory, or
PostgreSQL with --database-url / DATABASE_URL), opens a live room with a pinned
SKU, connects --viewers WebSocket clients that watch it, and for --duration
sends --msg-rate viewers' messages and --like-rate likes per second. Messages
are timed from the send call to receipt at every viewer's socket (p50/p99/max);
likes are aggregated and reach viewers as one like-count update per
--like-every. Then --buys one-tap buys run at once against --stock units: exactly
the stock must sell. Targets: fan-out p99 within --p99-limit with every message
delivered; sold = stock. Raises the open-file limit itself.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stop, err := cpuProfile(profile)
			if err != nil {
				return err
			}
			defer stop()
			r, err := bench.Run(cmd.Context(), cfg, os.Stderr)
			if err != nil {
				return err
			}
			r.Print(cmd.OutOrStdout())
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&cfg.Viewers, "viewers", 5000, "WebSocket viewers in the room")
	f.IntVar(&cfg.MsgRate, "msg-rate", 5, "viewers' messages per second")
	f.IntVar(&cfg.LikeRate, "like-rate", 200, "likes per second")
	f.DurationVar(&cfg.LikeEvery, "like-every", time.Second, "how often likes are flushed to viewers as one like-count update")
	f.DurationVar(&cfg.Duration, "duration", 10*time.Second, "how long messages and likes run")
	f.DurationVar(&cfg.Limit, "p99-limit", 250*time.Millisecond, "the p99 fan-out latency to keep")
	f.IntVar(&cfg.Buys, "buys", 500, "concurrent one-tap buys of the pinned SKU")
	f.Int64Var(&cfg.Stock, "stock", 100, "the pinned SKU's stock")
	f.StringVar(&profile, "cpuprofile", "", "write a Go CPU profile of the whole run to this file")
	f.StringVar(&cfg.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "postgres:// URL (default: SQLite in a temporary directory)")
	benchCmd.AddCommand(cmd)
}
