package main

import (
	"errors"
	"os"
	"time"

	"github.com/spf13/cobra"

	bench "github.com/soukhq/souk/bench/chat"
)

// souk bench chat: WebSocket fan-out latency and deliveries/s of a node
// with thousands of clients in group chats, against a plain in-memory
// broadcast server on the same clients, groups and rates.
func init() {
	var (
		cfg     bench.Config
		rate    int
		profile string
	)
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Benchmark chat fan-out over WebSockets against a plain in-memory broadcast server",
		Long: `Starts a souk node in this process (SQLite in a temporary directory, or
PostgreSQL with --database-url / DATABASE_URL), connects --clients WebSocket
clients (one user each) in group chats of --group-size, and sends messages
through the chat service at each of --rates messages per second for
--duration, reporting the latency from the send call to receipt at every
member's socket (p50/p99/max) and deliveries per second. A system holds a rate
when every message arrives and p99 stays within --p99-limit; each system stops
after two rates in a row it does not hold, and the last line gives the highest
rate each held. The peer is a gorilla-style broadcast hub with the same clients,
groups and rates, storing nothing. Raises the open-file limit itself.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if rate > 0 {
				cfg.Rates = []int{rate}
			}
			for _, r := range cfg.Rates {
				if r <= 0 {
					return errors.New("rates are positive messages per second")
				}
			}
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
	f.IntVar(&cfg.Clients, "clients", 2000, "WebSocket clients, one user each")
	f.IntVar(&cfg.GroupSize, "group-size", 100, "members per group chat")
	f.IntSliceVar(&cfg.Rates, "rates", bench.DefaultRates, "offered rates to sweep, messages per second, all groups together")
	f.IntVar(&rate, "rate", 0, "measure this one rate instead of sweeping --rates")
	f.DurationVar(&cfg.Duration, "duration", 5*time.Second, "how long to send at each rate")
	f.DurationVar(&cfg.Limit, "p99-limit", 100*time.Millisecond, "the p99 fan-out latency a system must keep to hold a rate")
	f.BoolVar(&cfg.NoBatch, "no-batch", false, "commit each send in its own transaction (to compare with group commit)")
	f.BoolVar(&cfg.SkipPeer, "skip-peer", false, "measure only this node, not the in-memory peer")
	f.StringVar(&profile, "cpuprofile", "", "write a Go CPU profile of the whole run to this file")
	f.StringVar(&cfg.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "postgres:// URL (default: SQLite in a temporary directory)")
	benchCmd.AddCommand(cmd)
}
