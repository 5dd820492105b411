package payments_test

import (
	"context"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Migration 00013 keeps the operations accepted before it: their id
// becomes their client id too, they get a deadline 72 hours after their
// creation, and they complete and expire like new ones (the ledger transfer
// ids they already have are unchanged). Its Down migration runs.
func TestFundingMigrationKeepsOldOperations(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			opts := store.Options{DataDir: t.TempDir()}
			dialect := goose.DialectSQLite3
			if backend == "postgres" {
				opts, dialect = store.Options{DatabaseURL: storetest.EmptyPostgresURL(t)}, goose.DialectPostgres
			}
			db, err := store.Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			p, err := goose.NewProvider(dialect, db.SQL(), store.MigrationFS(db.Dialect))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 12); err != nil {
				t.Fatal(err)
			}
			created := time.Now().Add(-time.Hour)
			for _, id := range []string{"old-top-1", "old-top-2"} {
				if _, err := db.ExecContext(ctx, `INSERT INTO payment_funding (id, kind, owner_id, account_id, currency, amount, status, bank_ref, created_at, updated_at)
					VALUES ($1, 'topup', 'usr_old', 'wallet:usr_old:USD', 'USD', 500, 'pending', $2, $3, $3)`, id, "sim_"+id, created.UnixMicro()); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.Up(ctx); err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, db)
			e.user("usr_old")
			e.fund("usr_old", "USD", 100) // the accounts the old top-ups had ensured
			old, err := e.svc.OwnFunding(ctx, "usr_old", "old-top-1")
			if err != nil || old.ID != "old-top-1" || old.ClientID != "old-top-1" || old.ExpiresAt != created.Add(72*time.Hour).UnixMicro() {
				t.Fatalf("old operation after the migration = %+v, %v", old, err)
			}
			if got, err := e.bank.Complete(ctx, old.ID, true); err != nil || got.Status != payments.FundingSucceeded {
				t.Fatalf("completing it = %+v, %v", got, err)
			}
			if _, err := e.svc.Ledger().LookupTransfer(ctx, "topup:old-top-1"); err != nil {
				t.Fatal(err)
			}
			e.clock.Add(72 * time.Hour)
			if n, err := e.svc.ExpireFunding(ctx); err != nil || n != 1 {
				t.Fatalf("expiring the other = %d, %v", n, err)
			}
			if b := e.wallet("usr_old", "USD"); b.Posted != 600 {
				t.Fatalf("wallet = %+v", b)
			}
			e.check()
			if _, err := p.DownTo(ctx, 12); err != nil {
				t.Fatalf("down: %v", err)
			}
			var status string
			if err := db.QueryRowContext(ctx, `SELECT status FROM payment_funding WHERE id = 'old-top-2'`).Scan(&status); err != nil || status != "failed" {
				t.Fatalf("expired row after down = %q, %v", status, err)
			}
			if _, err := p.Up(ctx); err != nil {
				t.Fatalf("up again: %v", err)
			}
		})
	}
}
