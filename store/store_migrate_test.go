package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Nodes starting at once against one empty PostgreSQL database: all come
// up and every migration, River's and souk's, is applied exactly once
// (advisory locks).
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
	// River's migrations (river_job and the rest) come first, under their
	// own advisory lock.
	var river, riverDistinct int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM river_migration WHERE line = 'main'`).Scan(&river, &riverDistinct); err != nil {
		t.Fatal(err)
	}
	if versions != distinct || river != riverDistinct || river < 6 || total != distinct+riverDistinct {
		t.Fatalf("migrations recorded %d times (%d distinct), River's %d (%d distinct), nodes applied %d in all; want each exactly once",
			versions, distinct, river, riverDistinct, total)
	}
}
