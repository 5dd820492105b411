package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrations live in one numbered sequence per dialect. A domain adds its
// tables by adding the same-numbered file to both folders.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// MigrationFS returns the migration files of a dialect (tests hash them to
// cache a migrated template database).
func MigrationFS(d Dialect) fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations/"+string(d))
	if err != nil {
		panic(err) // the embedded folders exist by construction
	}
	return sub
}

// RiverSchema names the River release whose schema Migrate installs; tests
// that cache a migrated database include it in their fingerprint.
const RiverSchema = "river v0.51.2"

// RiverDriver returns River's driver for this database: riversqlite on
// SQLite, riverdatabasesql over the writer pool on PostgreSQL. Both take a
// *sql.Tx, which store.Tx embeds, so River jobs can be inserted in the
// transaction of the change that needs them (package jobs).
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.Dialect == Postgres {
		return riverdatabasesql.New(db.write)
	}
	return riversqlite.New(db.write)
}

// Migrate applies every pending migration: River's own schema first
// (rivermigrate: river_job, river_leader, river_queue, …), then souk's. On
// PostgreSQL it holds advisory locks for the duration, so several nodes
// starting at once migrate exactly once: the first applies, the others wait
// and then find nothing to do.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	if db.Dialect == Postgres {
		// One session advisory lock, held on a connection of its own, over
		// both steps makes concurrent nodes queue up behind the first: with
		// a lock per step, a node that found River already migrated could
		// reach the souk migrations first, and two nodes would each apply
		// a part.
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("store: migrations lock: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(724102)`); err != nil {
			return nil, fmt.Errorf("store: migrations lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(724102)`)
	}
	river, err := db.migrateRiver(ctx)
	if err != nil {
		return nil, err
	}
	souk, err := db.migrateSouk(ctx)
	return append(river, souk...), err
}

// migrateRiver applies River's migrations, each in its own transaction
// (on PostgreSQL a later one uses an enum value an earlier one adds, which
// one transaction cannot do), under Migrate's lock.
func (db *DB) migrateRiver(ctx context.Context) ([]string, error) {
	m, err := rivermigrate.New(db.RiverDriver(), &rivermigrate.Config{Logger: discardLogger()})
	if err != nil {
		return nil, fmt.Errorf("store: river migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("store: river migrate: %w", err)
	}
	applied := make([]string, 0, len(res.Versions))
	for _, v := range res.Versions {
		applied = append(applied, fmt.Sprintf("river/%03d_%s", v.Version, v.Name))
	}
	return applied, nil
}

func (db *DB) migrateSouk(ctx context.Context) ([]string, error) {
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.write, MigrationFS(db.Dialect), opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	applied := make([]string, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
