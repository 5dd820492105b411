package commerce

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soukhq/souk/store"
)

// The catalog cache keeps pages of a brand's active catalog for the host
// API (catalog.list), which a shop calls on nearly every render: without
// it, every home page re-read the same 20 products and their SKUs.
//
// Exact on this node: every write to products or SKUs bumps catalogGen
// once it has committed (store.Tx.AfterCommit, store.DB.AfterCommit), and
// an entry is used only while the generation it was read under is
// current. An entry read while a write was in flight carries the older
// generation, so the bump after that write's commit retires it. Other
// nodes' writes are not seen here: catalogTTL bounds how stale a page can
// be, and only for display — checkout prices and reserves stock from the
// database, never from this cache.

// catalogTTL bounds an entry's age (writes made by other nodes).
const catalogTTL = time.Second

// maxCatalogEntries bounds the cache; past it, it starts over.
const maxCatalogEntries = 4096

// catalogGen counts committed catalog writes in this process.
var catalogGen atomic.Uint64

// catalogChanged retires every cached page; call it after a commit.
func catalogChanged() { catalogGen.Add(1) }

// catalogChangedTx retires the cache once tx commits.
func catalogChangedTx(tx *store.Tx) { tx.AfterCommit(catalogChanged) }

// catalogChangedCtx retires the cache once what ctx wrote is committed
// (a write made with s.db outside an explicit transaction).
func (s *Service) catalogChangedCtx(ctx context.Context) { s.db.AfterCommit(ctx, catalogChanged) }

type catalogKey struct {
	brand, after string
	limit        int
}

type catalogEntry struct {
	gen      uint64
	at       time.Time
	products []Product
}

type catalogCache struct {
	mu      sync.Mutex
	entries map[catalogKey]catalogEntry
}

// activeProducts is Products(brand, active only, after, limit) through the
// cache. The slice is shared: callers must not modify it.
func (s *Service) activeProducts(ctx context.Context, brandID, after string, limit int) ([]Product, error) {
	if s.db.InRequest(ctx) {
		// A request transaction reads its own uncommitted writes.
		return s.Products(ctx, brandID, ProductFilter{ActiveOnly: true, After: after, Limit: limit})
	}
	key := catalogKey{brandID, after, limit}
	gen := catalogGen.Load()
	c := &s.catalog
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.gen == gen && time.Since(e.at) < catalogTTL {
		return e.products, nil
	}
	ps, err := s.Products(ctx, brandID, ProductFilter{ActiveOnly: true, After: after, Limit: limit})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= maxCatalogEntries {
		c.entries = map[catalogKey]catalogEntry{}
	}
	c.entries[key] = catalogEntry{gen: gen, at: time.Now(), products: ps}
	c.mu.Unlock()
	return ps, nil
}
