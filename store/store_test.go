package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v, want nothing", applied)
		}
	})
}

func TestInTxCommitsAndRollsBack(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		insert := func(tx *store.Tx, id string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', $3)`, id, id+"@example.com", store.Now())
			return err
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return insert(tx, "usr_a") }); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := insert(tx, "usr_b"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx error = %v, want boom", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d users after one commit and one rollback, want 1", n)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error { return insert(tx, "usr_a") })
		if !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate insert error = %v, want a unique violation", err)
		}
	})
}

// Concurrent read-modify-write transactions must all land: the engine may
// abort some (busy, serialization, deadlock) and InTx retries them.
func TestInTxConcurrentIncrements(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('usr_c', 'c@example.com', 'x', 0)`); err != nil {
			t.Fatal(err)
		}
		const workers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					err := db.InTx(ctx, func(tx *store.Tx) error {
						lock := ""
						if tx.Dialect == store.Postgres {
							lock = " FOR UPDATE"
						}
						var n int64
						if err := tx.QueryRowContext(ctx, `SELECT created_at FROM users WHERE id = 'usr_c'`+lock).Scan(&n); err != nil {
							return err
						}
						_, err := tx.ExecContext(ctx, `UPDATE users SET created_at = $1 WHERE id = 'usr_c'`, n+1)
						return err
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT created_at FROM users WHERE id = 'usr_c'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != workers*each {
			t.Fatalf("counter = %d, want %d", n, workers*each)
		}
	})
}

func TestNewIDIsUniqueAndPrefixed(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		id := store.NewID("usr")
		if len(id) != 30 || id[:4] != "usr_" {
			t.Fatalf("bad id %q", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
	}
}

// InTxValue hands back the committed attempt's value, and the error of a
// rolled-back one.
func TestInTxValue(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	n, err := store.InTxValue(ctx, db, func(tx *store.Tx) (int, error) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT 41 + 1`).Scan(&n)
		return n, err
	})
	if err != nil || n != 42 {
		t.Fatalf("got %d, %v", n, err)
	}
	boom := errors.New("boom")
	if _, err := store.InTxValue(ctx, db, func(tx *store.Tx) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
}
