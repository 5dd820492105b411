// Package storetest runs store tests against every backend: the same test
// function runs once on SQLite and once on PostgreSQL (River's driver test
// suite is the model). PostgreSQL needs SOUK_TEST_DATABASE_URL; without it
// the PostgreSQL half skips locally and fails under CI=true.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/soukhq/souk/internal/testenv"
	"github.com/soukhq/souk/store"
)

// Run runs fn as two subtests, "sqlite" and "postgres", each with a fresh,
// migrated database that is removed when the subtest ends.
func Run(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// BothEnginesEnv, when set, makes Pick run on both engines like Run.
const BothEnginesEnv = "SOUK_TEST_BOTH_ENGINES"

// Pick runs fn once, as the subtest "sqlite" or "postgres", on one engine
// chosen by the test's name. It is for browser journeys: they test pages,
// and every query under them already runs on both engines in the store and
// domain suites (Run). The choice is stable (a hash of the name), so about
// half the journeys run on each engine; BothEnginesEnv runs all on both.
func Pick(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	if os.Getenv(BothEnginesEnv) != "" {
		Run(t, fn)
		return
	}
	h := fnv.New32a()
	h.Write([]byte(t.Name()))
	if h.Sum32()%2 == 0 {
		t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	} else {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite opens a fresh migrated SQLite database in a temporary directory:
// a copy of a database migrated once per schema version (sqliteTemplate),
// as PostgreSQL databases are copies of a template. Migrating takes about
// three seconds under the race detector and suites open hundreds.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	tmpl, err := sqliteTemplate()
	if err != nil {
		t.Fatalf("storetest: SQLite template: %v", err)
	}
	if err := copyFile(tmpl, filepath.Join(dir, "souk.db")); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// A no-op on the copy; it keeps the copy honest if the template were stale.
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

var sqliteTmpl struct {
	sync.Mutex
	path string
}

// sqliteTemplate returns the path of a migrated SQLite database for the
// current schema, kept in the system temp directory under the schema's hash
// and shared by test binaries and runs. It is built in a directory of its
// own, checkpointed into one file, and renamed into place only when
// complete, so a concurrent or crashed builder never leaves a half-made one.
func sqliteTemplate() (string, error) {
	sqliteTmpl.Lock()
	defer sqliteTmpl.Unlock()
	if sqliteTmpl.path != "" {
		return sqliteTmpl.path, nil
	}
	sum, err := schemaHash(store.SQLite)
	if err != nil {
		return "", err
	}
	path := filepath.Join(os.TempDir(), "souk-sqlite-template-"+sum[:16]+".db")
	if _, err := os.Stat(path); err == nil {
		sqliteTmpl.path = path
		return path, nil
	}
	build, err := os.MkdirTemp("", "souk-sqlite-template-build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(build)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := store.Open(ctx, store.Options{DataDir: build})
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx)
	if err == nil {
		// Everything into the main file: the copy is that one file.
		_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(build, "souk.db"), path); err != nil {
		return "", err
	}
	sqliteTmpl.path = path
	return path, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// Postgres opens a fresh migrated PostgreSQL database.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	u := PostgresURL(t)
	db, err := store.Open(context.Background(), store.Options{DatabaseURL: u})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresURL creates a fresh migrated PostgreSQL database (copied from a
// template migrated once per schema version) and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := testenv.Get(t, testenv.PostgresURL)
	tmpl, err := migratedTemplate(admin)
	if err != nil {
		t.Fatalf("storetest: template database: %v", err)
	}
	return createDatabase(t, admin, tmpl)
}

// EmptyPostgresURL creates a fresh PostgreSQL database with no schema at all
// (for tests of migration itself) and returns its URL.
func EmptyPostgresURL(t testing.TB) string {
	t.Helper()
	return createDatabase(t, testenv.Get(t, testenv.PostgresURL), "template0")
}

func createDatabase(t testing.TB, admin, template string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		testenv.Missing(t, "PostgreSQL at "+redact(admin)+": "+err.Error())
	}
	defer conn.Close(ctx)
	name := "souk_t_" + randomHex(8)
	// Another test copying the same template at this instant can make
	// PostgreSQL refuse briefly ("being accessed by other users"): retry.
	for attempt := 0; ; attempt++ {
		_, err = conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template))
		if err == nil || attempt == 20 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Logf("storetest: drop %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("storetest: drop %s: %v", name, err)
		}
	})
	return withDatabase(admin, name)
}

var (
	templateMu    sync.Mutex
	templateReady = map[string]string{}
)

// migratedTemplate returns the name of a database holding the current schema,
// creating it under an advisory lock (several test binaries run at once).
func migratedTemplate(admin string) (string, error) {
	templateMu.Lock()
	defer templateMu.Unlock()
	if name, ok := templateReady[admin]; ok {
		return name, nil
	}
	sum, err := schemaHash(store.Postgres)
	if err != nil {
		return "", err
	}
	name := "souk_tmpl_" + sum[:16]
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(724101)"); err != nil {
		return "", err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock(724101)")
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		building := name + "_build"
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)"); err != nil {
			return "", err
		}
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+building+" TEMPLATE template0"); err != nil {
			return "", err
		}
		db, err := store.Open(ctx, store.Options{DatabaseURL: withDatabase(admin, building)})
		if err != nil {
			return "", err
		}
		_, err = db.Migrate(ctx)
		db.Close()
		if err != nil {
			return "", err
		}
		// Renamed only once complete, so a crash never leaves a half-migrated template.
		if _, err := conn.Exec(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
			return "", err
		}
	}
	templateReady[admin] = name
	return name, nil
}

// schemaHash fingerprints an engine's migrations so a schema change gets a
// new template.
func schemaHash(d store.Dialect) (string, error) {
	h := sha256.New()
	fsys := store.MigrationFS(d)
	fmt.Fprintf(h, "%s\x00", store.RiverSchema)
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

func withDatabase(rawURL, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Path = "/" + name
	return u.String()
}

func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
