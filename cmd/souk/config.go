package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/store"
)

// config is what serve, migrate and admin share: where the data lives.
// Every flag has an environment twin; a flag given on the command line wins.
type config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	S3          blob.Config
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// addStorageFlags registers the flags that choose the database and blob store.
func addStorageFlags(cmd *cobra.Command, c *config) {
	f := cmd.Flags()
	f.StringVar(&c.DataDir, "data-dir", envOr("SOUK_DATA_DIR", "./souk-data"), "directory for the embedded SQLite database and local blobs (env SOUK_DATA_DIR)")
	f.StringVar(&c.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "postgres:// URL; switches from SQLite to PostgreSQL (env DATABASE_URL)")
}

// s3FromEnv reads the S3 settings; with SOUK_S3_ENDPOINT unset blobs stay on
// the local filesystem under the data directory.
func s3FromEnv(c *config) error {
	c.S3.S3Endpoint = os.Getenv("SOUK_S3_ENDPOINT")
	c.S3.S3Bucket = envOr("SOUK_S3_BUCKET", "souk")
	c.S3.S3AccessKey = os.Getenv("SOUK_S3_ACCESS_KEY")
	c.S3.S3SecretKey = os.Getenv("SOUK_S3_SECRET_KEY")
	if v := os.Getenv("SOUK_S3_SECURE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("SOUK_S3_SECURE must be true or false, not %q", v)
		}
		c.S3.S3Secure = b
	}
	c.S3.Dir = filepath.Join(c.DataDir, "blobs")
	return nil
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, c *config, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, store.Options{DatabaseURL: c.DatabaseURL, DataDir: c.DataDir})
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("migrated database", "dialect", string(db.Dialect), "applied", applied)
	}
	return db, nil
}

func newLogger() *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("SOUK_LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
