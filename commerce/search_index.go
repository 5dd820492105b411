package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/soukhq/souk/store"
)

// How the index stays in sync: triggers on commerce_products, orgs, apps
// and app_release_state put the changed document in search_dirty inside
// the writer's own transaction, whatever code path wrote it. SyncSearch
// turns dirty marks into index rows (tokenized in Go, the same tokens for
// both engines) and every search runs it before reading, so the index a
// search reads reflects every committed write. Filters that change often
// (status, price, stock, ratings, release) are never copied: the search
// joins the live tables.

const searchSyncBatch = 200

// SyncSearch indexes every document marked dirty. It is cheap when there
// is nothing to do (one indexed read). Concurrent calls wait for each
// other on PostgreSQL's row locks, so a search never reads past a mark
// another search is still indexing.
func (s *Service) SyncSearch(ctx context.Context) error {
	for range 1000 { // bounded: each round clears up to a batch
		var pending int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_dirty LIMIT 1) x`).Scan(&pending); err != nil {
			return err
		}
		if pending == 0 {
			return nil
		}
		if err := s.db.InTx(ctx, s.syncBatchTx(ctx)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) syncBatchTx(ctx context.Context) func(tx *store.Tx) error {
	return func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, ref_id FROM search_dirty ORDER BY kind, ref_id LIMIT $1`+forUpdate(tx), searchSyncBatch)
		if err != nil {
			return err
		}
		type mark struct{ kind, id string }
		var marks []mark
		for rows.Next() {
			var m mark
			if err := rows.Scan(&m.kind, &m.id); err != nil {
				rows.Close()
				return err
			}
			marks = append(marks, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range marks {
			if err := indexDocTx(ctx, tx, m.kind, m.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_dirty WHERE kind = $1 AND ref_id = $2`, m.kind, m.id); err != nil {
				return err
			}
		}
		return nil
	}
}

// indexDocTx (re)writes one document from its source rows, or removes it
// when the source is gone (a deleted product, an app with no release).
func indexDocTx(ctx context.Context, tx *store.Tx, kind, id string) error {
	var f searchFields
	var err error
	switch kind {
	case "product":
		f, err = productFieldsTx(ctx, tx, id)
	case "app":
		f, err = appFieldsTx(ctx, tx, id)
	default:
		_, err = tx.ExecContext(ctx, `DELETE FROM search_dirty WHERE kind = $1`, kind) // not ours: drop the mark
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2`, kind, id)
		return err
	}
	if err != nil {
		return err
	}
	if tx.Dialect == store.Postgres {
		_, err = tx.ExecContext(ctx, `INSERT INTO search_docs (kind, ref_id, tsv, updated_at) VALUES ($1, $2, CAST($3 AS tsvector), $4)
			ON CONFLICT (kind, ref_id) DO UPDATE SET tsv = excluded.tsv, updated_at = excluded.updated_at`, kind, id, f.TSVector(), now())
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_docs (kind, ref_id, title, brand, body, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (kind, ref_id) DO UPDATE SET title = excluded.title, brand = excluded.brand, body = excluded.body, updated_at = excluded.updated_at`,
		kind, id, strings.Join(f.Title, " "), strings.Join(f.Brand, " "), strings.Join(f.Body, " "), now())
	return err
}

// productFieldsTx: title, the brand's name, description.
func productFieldsTx(ctx context.Context, tx *store.Tx, id string) (searchFields, error) {
	var title, desc, brand string
	err := tx.QueryRowContext(ctx, `SELECT p.title, p.description, o.name FROM commerce_products p JOIN orgs o ON o.id = p.brand_id
		WHERE p.id = $1`, id).Scan(&title, &desc, &brand)
	return newSearchFields(title, brand, desc), err
}

// releasedAppJoin is a released app (stable, or a gray candidate with
// nothing stable yet, as the marketplace lists it) with its version.
const releasedAppJoin = ` JOIN app_release_state rs ON rs.app_id = a.id
	JOIN app_versions v ON v.app_id = a.id AND v.version = COALESCE(rs.stable_version, rs.candidate_version)`

// appFieldsTx: the app's name; its developer's name; its slug and the
// released manifest's description.
func appFieldsTx(ctx context.Context, tx *store.Tx, id string) (searchFields, error) {
	var name, slug, dev, manifest string
	err := tx.QueryRowContext(ctx, `SELECT a.name, a.slug, o.name, v.manifest FROM apps a JOIN orgs o ON o.id = a.org_id`+releasedAppJoin+`
		WHERE a.id = $1`, id).Scan(&name, &slug, &dev, &manifest)
	if err != nil {
		return searchFields{}, err
	}
	return newSearchFields(name, dev, slug+" "+manifestDescription(manifest)), nil
}

func manifestDescription(manifest string) string {
	var m struct {
		Description string `json:"description"`
	}
	_ = json.Unmarshal([]byte(manifest), &m) // a stored manifest was validated on upload
	return m.Description
}
