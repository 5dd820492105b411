package runtime

import (
	"context"
	"database/sql"
	stdjson "encoding/json"
	"errors"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/soukhq/souk/store"
)

// Storage quotas, per installation.
const (
	MaxStorageKeyBytes   = 256
	MaxStorageValueBytes = 64 << 10
	MaxStorageKeys       = 1000
	MaxStorageBytes      = 1 << 20 // keys + values
	maxStorageListLimit  = 100
)

// KV is the per-installation key-value store behind storage.*. Every method
// takes the installation id from the host (the Bridge), never from JS.
type KV struct{ db *store.DB }

// NewKV returns the storage over db.
func NewKV(db *store.DB) *KV { return &KV{db: db} }

func checkKey(key string) error {
	switch {
	case key == "":
		return HostErr(CodeInvalidArgs, "storage: key is required")
	case len(key) > MaxStorageKeyBytes:
		return HostErr(CodeInvalidArgs, "storage: key is %d bytes; the limit is %d", len(key), MaxStorageKeyBytes)
	case !printable(key):
		return HostErr(CodeInvalidArgs, "storage: key must be printable UTF-8 text (no control characters)")
	}
	return nil
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// Get returns the JSON stored under key, or ok=false.
func (kv *KV) Get(ctx context.Context, inst, key string) (stdjson.RawMessage, bool, error) {
	var v string
	err := kv.db.QueryRowContext(ctx, `SELECT value FROM app_storage WHERE installation_id = $1 AND key = $2`, inst, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return stdjson.RawMessage(v), true, nil
}

// lockUsage creates and locks the installation's usage row: concurrent
// writers to one installation queue here, so quota checks see each other.
func lockUsage(ctx context.Context, tx *store.Tx, inst string) (keys int, bytes int64, err error) {
	err = tx.QueryRowContext(ctx, `INSERT INTO app_storage_usage (installation_id, keys, bytes) VALUES ($1, 0, 0)
		ON CONFLICT (installation_id) DO UPDATE SET keys = app_storage_usage.keys
		RETURNING keys, bytes`, inst).Scan(&keys, &bytes)
	return keys, bytes, err
}

// Set stores value (JSON) under key within the installation's quotas.
func (kv *KV) Set(ctx context.Context, inst, key string, value []byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if len(value) > MaxStorageValueBytes {
		return HostErr(CodeQuotaExceeded, "storage: value is %d bytes of JSON; the limit is %d", len(value), MaxStorageValueBytes)
	}
	size := len(key) + len(value)
	return kv.db.InTx(ctx, func(tx *store.Tx) error {
		keys, bytes, err := lockUsage(ctx, tx, inst)
		if err != nil {
			return err
		}
		var old int64
		err = tx.QueryRowContext(ctx, `SELECT size_bytes FROM app_storage WHERE installation_id = $1 AND key = $2`, inst, key).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			keys++
		case err != nil:
			return err
		}
		bytes += int64(size) - old
		if keys > MaxStorageKeys {
			return HostErr(CodeQuotaExceeded, "storage: this installation already has %d keys; the limit is %d", MaxStorageKeys, MaxStorageKeys)
		}
		if bytes > MaxStorageBytes {
			return HostErr(CodeQuotaExceeded, "storage: this installation would use %d bytes; the limit is %d (keys and values)", bytes, MaxStorageBytes)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO app_storage (installation_id, key, value, size_bytes, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (installation_id, key) DO UPDATE SET value = excluded.value, size_bytes = excluded.size_bytes, updated_at = excluded.updated_at`,
			inst, key, string(value), size, store.Now()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE app_storage_usage SET keys = $2, bytes = $3 WHERE installation_id = $1`, inst, keys, bytes)
		return err
	})
}

// Delete removes key and reports whether it existed.
func (kv *KV) Delete(ctx context.Context, inst, key string) (bool, error) {
	if err := checkKey(key); err != nil {
		return false, err
	}
	existed := false
	err := kv.db.InTx(ctx, func(tx *store.Tx) error {
		existed = false
		if _, _, err := lockUsage(ctx, tx, inst); err != nil {
			return err
		}
		var size int64
		err := tx.QueryRowContext(ctx, `DELETE FROM app_storage WHERE installation_id = $1 AND key = $2 RETURNING size_bytes`, inst, key).Scan(&size)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		existed = true
		_, err = tx.ExecContext(ctx, `UPDATE app_storage_usage SET keys = keys - 1, bytes = bytes - $2 WHERE installation_id = $1`, inst, size)
		return err
	})
	return existed, err
}

// List returns up to limit keys starting with prefix, after the key
// "after", in byte order, and the cursor for the next page ("" at the end).
func (kv *KV) List(ctx context.Context, inst, prefix, after string, limit int) ([]string, string, error) {
	if limit <= 0 || limit > maxStorageListLimit {
		limit = maxStorageListLimit
	}
	match := `substr(key, 1, length($2)) = $2`
	if kv.db.Dialect == store.Postgres {
		match = `starts_with(key, $2)`
	}
	rows, err := kv.db.QueryContext(ctx, `SELECT key FROM app_storage WHERE installation_id = $1 AND `+match+` AND key > $3
		ORDER BY key LIMIT $4`, inst, prefix, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	keys := []string{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, "", err
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(keys) > limit {
		keys = keys[:limit]
		next = keys[limit-1]
	}
	return keys, next, nil
}

// Usage reports the installation's key count and bytes.
func (kv *KV) Usage(ctx context.Context, inst string) (keys int, bytes int64, err error) {
	err = kv.db.QueryRowContext(ctx, `SELECT keys, bytes FROM app_storage_usage WHERE installation_id = $1`, inst).Scan(&keys, &bytes)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return keys, bytes, err
}

type storageKeyArgs struct {
	Key string `json:"key"`
}

type storageSetArgs struct {
	Key   string         `json:"key"`
	Value jsontext.Value `json:"value"`
}

type storageListArgs struct {
	Prefix string `json:"prefix"`
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit"`
}

type storageListResult struct {
	Keys   []string `json:"keys"`
	Cursor string   `json:"cursor,omitempty"`
}

// StorageAPIs are storage.get/set/delete/list (sdk-js/src/host.ts) over kv.
func StorageAPIs(kv *KV) []HostAPI {
	get := DefineAPI("storage.get", "storage", func(ctx context.Context, ev *HostEvent, a storageKeyArgs) (stdjson.RawMessage, error) {
		if err := checkKey(a.Key); err != nil {
			return nil, err
		}
		v, ok, err := kv.Get(ctx, ev.InstallationID, a.Key)
		if err != nil || !ok {
			return stdjson.RawMessage("null"), err
		}
		return v, nil
	})
	set := DefineAPI("storage.set", "storage", func(ctx context.Context, ev *HostEvent, a storageSetArgs) (any, error) {
		if len(a.Value) == 0 {
			return nil, HostErr(CodeInvalidArgs, "storage.set: value is required (any JSON value)")
		}
		v := a.Value.Clone()
		if err := v.Compact(); err != nil {
			return nil, HostErr(CodeInvalidArgs, "storage.set: value is not valid JSON")
		}
		return nil, kv.Set(ctx, ev.InstallationID, a.Key, v)
	})
	del := DefineAPI("storage.delete", "storage", func(ctx context.Context, ev *HostEvent, a storageKeyArgs) (bool, error) {
		return kv.Delete(ctx, ev.InstallationID, a.Key)
	})
	list := DefineAPI("storage.list", "storage", func(ctx context.Context, ev *HostEvent, a storageListArgs) (storageListResult, error) {
		if len(a.Prefix) > MaxStorageKeyBytes || len(a.Cursor) > MaxStorageKeyBytes || a.Limit < 0 || a.Limit > maxStorageListLimit {
			return storageListResult{}, HostErr(CodeInvalidArgs, "storage.list: prefix and cursor are at most %d bytes; limit is 1-%d", MaxStorageKeyBytes, maxStorageListLimit)
		}
		if a.Limit == 0 {
			a.Limit = 20
		}
		keys, next, err := kv.List(ctx, ev.InstallationID, a.Prefix, a.Cursor, a.Limit)
		return storageListResult{Keys: keys, Cursor: next}, err
	})
	// A generous per-event cap on writes keeps one event from churning
	// the database even within its overall host-call limit.
	set.PerEvent, del.PerEvent = 100, 100
	return []HostAPI{get, set, del, list}
}
