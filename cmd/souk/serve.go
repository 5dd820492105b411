package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/web"
)

func init() {
	var c config
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the souk server (API, web pages, sandbox workers)",
		Long: `Run the souk server.

With no configuration it keeps everything under --data-dir: an SQLite
database (souk.db) and local blobs (blobs/), and keeps them across restarts.
Set DATABASE_URL to a postgres:// URL to use PostgreSQL, and SOUK_S3_ENDPOINT,
SOUK_S3_BUCKET, SOUK_S3_ACCESS_KEY, SOUK_S3_SECRET_KEY (and SOUK_S3_SECURE)
to keep blobs in S3. SOUK_ALLOWED_ORIGINS (comma-separated
scheme://host[:port]) lists browser origins besides the server's own host
that may open the chat WebSocket. Migrations run at start-up; several nodes may start at
once. SIGINT or SIGTERM stops accepting connections and lets in-flight
requests finish within --shutdown-grace.`,
		Example: `  souk serve
  souk serve --addr 0.0.0.0:8080 --data-dir /var/lib/souk
  DATABASE_URL=postgres://souk@db/souk souk serve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := s3FromEnv(&c); err != nil {
				return err
			}
			return serve(cmd.Context(), &c, grace)
		},
	}
	cmd.Flags().StringVar(&c.Addr, "addr", envOr("SOUK_ADDR", "127.0.0.1:8080"), "address to listen on (env SOUK_ADDR)")
	cmd.Flags().DurationVar(&grace, "shutdown-grace", 15*time.Second, "how long in-flight requests may run after SIGTERM")
	addStorageFlags(cmd, &c)
	rootCmd.AddCommand(cmd)
}

func serve(parent context.Context, c *config, grace time.Duration) error {
	log := newLogger()
	ctx, stop := signal.NotifyContext(parent, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	db, err := openStore(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	blobs, err := blob.Open(ctx, c.S3)
	if err != nil {
		return err
	}
	defer blobs.Close()

	// Sandbox workers are this binary re-executed (souk sandbox-worker).
	pool, err := sandbox.NewPool(sandbox.PoolConfig{})
	if err != nil {
		return err
	}
	engine := runtime.NewEngine(runtime.EngineConfig{DB: db, Blobs: blobs, Pool: pool, Log: log})
	defer engine.Close() // closes the pool after the server has drained

	// Money: the ledger batches concurrent transfers; the simulated bank stands
	// where a real gateway plugs in (payments.FundingSource).
	led := ledger.New(db, ledger.Options{})
	defer led.Close()
	bank := payments.NewSimBank()
	pay := payments.New(db, led, payments.Options{Funding: bank})
	bank.Handler = pay.HandleFundingResult
	go runMaintenance(ctx, log, pay, led)

	// Durable jobs: domain services register their handlers on the queue
	// before it starts.
	queue := jobs.New(db, log)

	// Chat, and its realtime delivery: the hub fans out to this node's
	// sockets and, on PostgreSQL, to the other nodes (LISTEN/NOTIFY).
	chatSvc := chat.New(db, chat.Options{Blobs: blobs, Jobs: queue, Log: log})
	hub := realtime.New(db, chatSvc, log, realtime.Config{})
	defer hub.Close()
	chatSvc.SetPublisher(hub)
	go func() {
		// Sockets are hijacked connections the HTTP shutdown does not
		// wait for: close them (1001, going away) as shutdown begins.
		<-ctx.Done()
		hub.Close()
	}()
	queue.Start(ctx, 0)

	ids := identity.New(db)
	srv := api.New(api.Deps{
		DB:       db,
		Identity: ids,
		Engine:   engine,
		Payments: pay,
		SimBank:  bank,
		Chat:     chatSvc,
		Realtime: hub,
		// Browser origins besides the server's own host that may open the
		// chat socket (comma-separated scheme://host[:port]).
		AllowedOrigins: splitList(os.Getenv("SOUK_ALLOWED_ORIGINS")),
		// Never logged; compared in constant time.
		MetricsToken: os.Getenv("SOUK_METRICS_TOKEN"),
		Ready:        map[string]api.Pinger{"database": db, "blobs": blobs},
		Log:          log,
	})
	web.Mount(srv.App, web.Deps{Identity: ids})

	backend := "sqlite:" + c.DataDir
	if c.DatabaseURL != "" {
		backend = "postgres"
	}
	blobsAt := "local:" + c.S3.Dir
	if c.S3.S3Endpoint != "" {
		blobsAt = "s3:" + c.S3.S3Endpoint + "/" + c.S3.S3Bucket
	}
	log.Info("souk listening", "addr", c.Addr, "database", backend, "blobs", blobsAt)
	return srv.Listen(ctx, c.Addr, grace)
}

// runMaintenance sweeps what time alone changes: expired payment requests,
// timed-out pending transfers, bank calls lost to a crash, refunds waiting
// for funds. Every sweep is idempotent and safe on several nodes at once.
// Per-object timers (orders, transfers, red packets) are jobs (package jobs).
func runMaintenance(ctx context.Context, log *slog.Logger, pay *payments.Service, led *ledger.Ledger) {
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if n, err := pay.ExpireRequests(ctx); err != nil {
			log.Error("expire payment requests", "error", err.Error())
		} else if n > 0 {
			log.Info("expired payment requests", "count", n)
		}
		if _, err := led.ExpirePending(ctx, 500); err != nil {
			log.Error("expire pending transfers", "error", err.Error())
		}
		if _, err := pay.ResendStale(ctx, time.Minute); err != nil {
			log.Error("resend stale bank operations", "error", err.Error())
		}
		if _, err := pay.RetryPendingRefunds(ctx); err != nil {
			log.Error("retry pending refunds", "error", err.Error())
		}
	}
}

// splitList splits a comma-separated setting, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
