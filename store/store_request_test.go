package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Inside a request transaction every InTx, read and write made with its
// context joins it: reads see the request's writes, a failed InTx is rolled
// back alone (a savepoint), nothing is visible outside until Commit, and a
// Rollback — a crash — leaves nothing. AfterCommit runs after the commit
// and never after a rollback; AfterRequest runs after either.
func TestRequestTransactionCommitsOrRollsBackAsOne(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		bg := context.Background()
		insert := func(ctx context.Context, id string) error {
			return db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', $3)`, id, id+"@example.com", store.Now())
				return err
			})
		}
		count := func(ctx context.Context) int {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		var announced []string

		ctx, rt, err := db.BeginRequest(bg)
		if err != nil {
			t.Fatal(err)
		}
		if err := insert(ctx, "usr_a"); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('usr_b', 'b@example.com', 'x', 1)`); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("failing InTx: %v", err)
		}
		// A statement error inside a savepoint leaves the request usable.
		if err := insert(ctx, "usr_a"); !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate insert: %v", err)
		}
		// So does a failed statement outside InTx.
		if _, err := db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('usr_a', 'x@example.com', 'x', 1)`); !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate insert outside InTx: %v", err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE users SET email = 'a2@example.com' WHERE id = 'usr_a'`); err != nil {
			t.Fatal(err)
		}
		db.AfterCommit(ctx, func() { announced = append(announced, "a") })
		if n := count(ctx); n != 1 {
			t.Fatalf("the request sees %d users, want its 1", n)
		}
		if n := count(bg); n != 0 {
			t.Fatalf("outside the request, %d users before the commit", n)
		}
		if len(announced) != 0 {
			t.Fatal("AfterCommit ran before the commit")
		}
		if err := rt.Retryable(); err != nil {
			t.Fatalf("retryable error reported: %v", err)
		}
		if err := rt.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := count(bg); n != 1 || len(announced) != 1 {
			t.Fatalf("after the commit: %d users, %d announcements; want 1 and 1", n, len(announced))
		}
		// The context of an ended request works on its own again.
		db.AfterCommit(ctx, func() { announced = append(announced, "late") })
		if len(announced) != 2 {
			t.Fatal("AfterCommit after the end did not run at once")
		}

		// A request that dies before its commit leaves nothing.
		ctx, rt, err = db.BeginRequest(bg)
		if err != nil {
			t.Fatal(err)
		}
		if err := insert(ctx, "usr_c"); err != nil {
			t.Fatal(err)
		}
		db.AfterCommit(ctx, func() { announced = append(announced, "c") })
		// What must exist whatever became of the request is written when it
		// ends, outside it.
		db.AfterRequest(ctx, func() {
			if err := insert(ctx, "usr_receipt"); err != nil {
				t.Errorf("AfterRequest write: %v", err)
			}
		})
		if err := rt.Rollback(); err != nil {
			t.Fatal(err)
		}
		if n := count(bg); n != 2 || len(announced) != 2 {
			t.Fatalf("after a rollback: %d users, %d announcements; want 2 (the AfterRequest one) and 2", n, len(announced))
		}
	})
}
