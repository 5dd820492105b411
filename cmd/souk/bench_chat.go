package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/chat/realtime/bench"
)

// souk bench chat: WebSocket fan-out latency and deliveries/s of a node
// with thousands of clients in group chats, against a plain in-memory
// broadcast server on the same clients, groups and rate.
func init() {
	var cfg bench.Config
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Benchmark chat fan-out over WebSockets against a plain in-memory broadcast server",
		Long: `Starts a souk node in this process (SQLite in a temporary directory, or
PostgreSQL with --database-url / DATABASE_URL), connects --clients WebSocket
clients (one user each) in group chats of --group-size, sends --rate messages
per second for --duration through the chat service, and reports the latency
from the send call to receipt at every member's socket (p50/p99/max) and
deliveries per second. The peer is a gorilla-style broadcast hub with the same
clients, groups and rate, storing nothing. Raises the open-file limit itself.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
	f.IntVar(&cfg.Rate, "rate", 200, "messages per second, all groups together")
	f.DurationVar(&cfg.Duration, "duration", 10*time.Second, "how long to send")
	f.StringVar(&cfg.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "postgres:// URL (default: SQLite in a temporary directory)")
	benchCmd.AddCommand(cmd)
}
