package runtime

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Concurrent writers to one installation cannot overshoot its quota: the
// usage row serializes them (on PostgreSQL, too, where plain reads would not).
func TestStorageQuotaConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		kv := NewKV(db)
		ctx := context.Background()
		big := []byte(`"` + strings.Repeat("x", MaxStorageValueBytes-100) + `"`)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, refused := 0, 0
		for i := range 24 {
			wg.Go(func() {
				err := kv.Set(ctx, "inst_c", "k"+strconv.Itoa(i), big)
				var he *sandbox.HostError
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.As(err, &he) && he.Code == CodeQuotaExceeded:
					refused++
				default:
					t.Errorf("set %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		keys, bytes, _ := kv.Usage(ctx, "inst_c")
		if ok != 16 || refused != 8 || keys != 16 || bytes > MaxStorageBytes {
			t.Fatalf("%d stored, %d refused; usage %d keys %d bytes", ok, refused, keys, bytes)
		}
	})
}
