package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Two nodes starting at once against one empty PostgreSQL database: both
// come up and every migration is applied exactly once (advisory lock).
func TestMigrateConcurrentNodesPostgres(t *testing.T) {
	url := storetest.EmptyPostgresURL(t)
	ctx := context.Background()
	const nodes = 4
	applied := make([][]string, nodes)
	errs := make([]error, nodes)
	var wg sync.WaitGroup
	for i := 0; i < nodes; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			db, err := store.Open(ctx, store.Options{DatabaseURL: url})
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			applied[i], errs[i] = db.Migrate(ctx)
		}(i)
	}
	wg.Wait()
	total := 0
	for i := 0; i < nodes; i++ {
		if errs[i] != nil {
			t.Fatalf("node %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	db, err := store.Open(ctx, store.Options{DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var versions, distinct int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&versions, &distinct); err != nil {
		t.Fatal(err)
	}
	if versions != distinct || total != distinct {
		t.Fatalf("migrations recorded %d times (%d distinct), nodes applied %d in all; want each exactly once", versions, distinct, total)
	}
}
