package main

import (
	"errors"
	"os"
	"time"

	"github.com/spf13/cobra"

	ledgerbench "github.com/soukhq/souk/bench/ledger"
)

// souk bench ledger: the ledger against its peers on the same PostgreSQL,
// in one run — pgbench tpcb-like, and a naive per-request SELECT … FOR
// UPDATE implementation of the same transfer — plus the ledger on SQLite
// (bench/ledger).
func init() {
	var (
		cfg     ledgerbench.Config
		profile string
	)
	cmd := &cobra.Command{
		Use:   "ledger",
		Short: "Ledger transfers/s vs pgbench tpcb-like and a naive SELECT … FOR UPDATE baseline",
		Long: `Runs, against the same PostgreSQL (in a scratch database it creates and drops):
  1. pgbench -b tpcb-like (scale = clients, so branches are not all hot);
  2. ledger transfers between random accounts;
  3. the same, with every transfer also crediting one hot fee account (a linked pair);
  4. a naive per-request BEGIN; SELECT … FOR UPDATE; UPDATE; INSERT; COMMIT of (3), and of (2);
then the ledger on SQLite in a temporary directory, and prints the ratios.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Clients < 1 || cfg.Accounts < 4 || cfg.Duration <= 0 {
				return errors.New("need --clients ≥ 1, --accounts ≥ 4 and a positive --duration")
			}
			if !cfg.SQLiteOnly && cfg.DatabaseURL == "" {
				return errors.New("no --database-url (or DATABASE_URL); use --sqlite-only to skip PostgreSQL")
			}
			stop, err := cpuProfile(profile)
			if err != nil {
				return err
			}
			defer stop()
			r, err := ledgerbench.Run(cmd.Context(), cfg, os.Stderr)
			if err != nil {
				return err
			}
			r.Print(cmd.OutOrStdout())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL server to measure on (a scratch database is created and dropped; env DATABASE_URL)")
	f.IntVar(&cfg.Clients, "clients", 8, "concurrent clients (pgbench -c and ledger goroutines)")
	f.DurationVar(&cfg.Duration, "duration", 10*time.Second, "how long each measurement runs")
	f.IntVar(&cfg.Accounts, "accounts", 10000, "accounts transfers pick from")
	f.BoolVar(&cfg.SQLiteOnly, "sqlite-only", false, "skip the PostgreSQL measurements")
	f.IntVar(&cfg.Workers, "batch-workers", 0, "ledger batches in flight at once (0 = the ledger's default)")
	f.DurationVar(&cfg.Linger, "batch-linger", 0, "how long a ledger batch waits for more transfers")
	f.StringVar(&profile, "cpuprofile", "", "write a Go CPU profile of the whole run to this file")
	benchCmd.AddCommand(cmd)
}
