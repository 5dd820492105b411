package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
)

// A backup archive (tar.gz) holds backupManifest, the SQLite snapshot as
// souk.db and the local blobs under blobs/, exactly as they lie in a data
// directory.
const (
	backupManifest = "souk-backup.json"
	backupDB       = "souk.db"
	backupBlobs    = "blobs"
	// blobTempPrefix is the prefix of a blob being written (blob.localTempPrefix).
	blobTempPrefix = ".tmp-"
)

// backupInfo is the archive's manifest.
type backupInfo struct {
	Format        int    `json:"format"`
	CreatedAt     string `json:"created_at"`
	SoukVersion   string `json:"souk_version"`
	SchemaVersion int64  `json:"schema_version"`
	Blobs         int    `json:"blobs"`
	BlobBytes     int64  `json:"blob_bytes"`
}

func init() {
	var c config
	var out string
	backup := &cobra.Command{
		Use:   "backup",
		Short: "Back up an embedded (SQLite + local blobs) node while it runs",
		Long: `Write a consistent backup of the embedded default store to one tar.gz archive:
an online snapshot of the SQLite database (VACUUM INTO, which reads one
transaction while the server keeps writing) and then every blob under
<data-dir>/blobs. Blobs are content-addressed and never rewritten, so copying
them after the snapshot leaves every blob the snapshot refers to in the
archive (and perhaps a few newer ones, which are harmless).

Run it on the machine (or in the pod) that owns --data-dir; souk serve may
keep running. Restore with "souk restore".

On PostgreSQL and S3 use their own tools instead (pg_dump, pg_basebackup
with WAL archiving, bucket versioning or mc mirror): see docs/OPERATIONS.md.`,
		Example: `  souk backup --data-dir /var/lib/souk --out /backups/souk-$(date -u +%Y%m%dT%H%M%SZ).tar.gz`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if c.DatabaseURL != "" {
				return errors.New("souk backup is for the embedded SQLite store; on PostgreSQL use pg_dump or pg_basebackup (docs/OPERATIONS.md)")
			}
			if out == "" {
				out = "souk-backup-" + time.Now().UTC().Format("20060102T150405Z") + ".tar.gz"
			}
			info, err := backupSQLite(cmd.Context(), c.DataDir, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backed up schema version %d and %d blobs (%d bytes) to %s\n", info.SchemaVersion, info.Blobs, info.BlobBytes, out)
			return nil
		},
	}
	backup.Flags().StringVar(&c.DataDir, "data-dir", envOr("SOUK_DATA_DIR", "./souk-data"), "data directory of the node to back up (env SOUK_DATA_DIR)")
	backup.Flags().StringVar(&c.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "refused: PostgreSQL has its own tools (env DATABASE_URL)")
	backup.Flags().StringVarP(&out, "out", "o", "", "archive to write (default souk-backup-<UTC time>.tar.gz)")
	rootCmd.AddCommand(backup)

	var rc config
	restore := &cobra.Command{
		Use:   "restore <archive>",
		Short: "Restore a backup made by souk backup into an empty data directory",
		Long: `Unpack an archive written by "souk backup" into --data-dir, which must not
hold a database or blobs yet (stop the node and move the old directory
aside first). The restored database is checked (SQLite integrity check and
the whole-ledger check) before the command reports success; then start
souk serve on the directory, which applies any newer migrations.`,
		Example: `  souk restore --data-dir /var/lib/souk /backups/souk-20261203T080000Z.tar.gz`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			info, rep, err := restoreSQLite(cmd.Context(), args[0], rc.DataDir)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "restored schema version %d (backed up %s by souk %s) and %d blobs into %s; ledger check ok: %d accounts, %d transfers\n",
				info.SchemaVersion, info.CreatedAt, info.SoukVersion, info.Blobs, rc.DataDir, rep.Accounts, rep.Transfers)
			return nil
		},
	}
	restore.Flags().StringVar(&rc.DataDir, "data-dir", envOr("SOUK_DATA_DIR", "./souk-data"), "data directory to restore into (env SOUK_DATA_DIR)")
	rootCmd.AddCommand(restore)
}

// backupSQLite snapshots dataDir's database and blobs into the archive out.
func backupSQLite(ctx context.Context, dataDir, out string) (backupInfo, error) {
	info := backupInfo{Format: 1, CreatedAt: time.Now().UTC().Format(time.RFC3339), SoukVersion: rootCmd.Version}
	if _, err := os.Stat(filepath.Join(dataDir, backupDB)); err != nil {
		return info, fmt.Errorf("no SQLite database in %s: %w", dataDir, err)
	}
	outDir := filepath.Dir(out)
	// The snapshot is written as souk.db in a directory of its own, so
	// store.Open can read it back.
	snapDir, err := os.MkdirTemp(outDir, ".souk-snapshot-")
	if err != nil {
		return info, err
	}
	defer os.RemoveAll(snapDir)
	snap := filepath.Join(snapDir, backupDB)
	db, err := store.Open(ctx, store.Options{DataDir: dataDir})
	if err != nil {
		return info, err
	}
	// VACUUM INTO reads the database in one read transaction: a consistent
	// snapshot, taken while other connections (souk serve) keep writing.
	_, err = db.SQL().ExecContext(ctx, `VACUUM INTO $1`, snap)
	db.Close()
	if err != nil {
		return info, fmt.Errorf("snapshot the database: %w", err)
	}
	if info.SchemaVersion, err = schemaVersion(ctx, snapDir); err != nil {
		return info, err
	}

	tmp := filepath.Join(outDir, ".souk-backup-"+randomHex()+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return info, err
	}
	defer os.Remove(tmp)
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	if err := addFile(tw, snap, backupDB); err != nil {
		return info, err
	}
	blobDir := filepath.Join(dataDir, backupBlobs)
	err = filepath.WalkDir(blobDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == blobDir {
				return fs.SkipDir // no blob yet
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a temp file that was published or removed meanwhile
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(dataDir, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: 0o750, ModTime: time.Now()})
		case strings.HasPrefix(d.Name(), blobTempPrefix) || !d.Type().IsRegular():
			return nil // a blob still being written, or not a blob
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		info.Blobs++
		info.BlobBytes += fi.Size()
		return addFile(tw, p, name)
	})
	if err != nil {
		return info, fmt.Errorf("copy blobs: %w", err)
	}
	manifest, _ := json.MarshalIndent(info, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: backupManifest, Mode: 0o640, Size: int64(len(manifest)), ModTime: time.Now()}); err != nil {
		return info, err
	}
	if _, err := tw.Write(manifest); err != nil {
		return info, err
	}
	if err := tw.Close(); err != nil {
		return info, err
	}
	if err := gz.Close(); err != nil {
		return info, err
	}
	if err := f.Sync(); err != nil {
		return info, err
	}
	if err := f.Close(); err != nil {
		return info, err
	}
	return info, os.Rename(tmp, out)
}

func addFile(tw *tar.Writer, src, name string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o640, Size: fi.Size(), ModTime: fi.ModTime()}); err != nil {
		return err
	}
	// The size in the header is what is copied: a file cannot grow under
	// us (blobs are immutable, the snapshot is ours).
	_, err = io.CopyN(tw, f, fi.Size())
	return err
}

// schemaVersion reads the goose version of the SQLite database in dir.
func schemaVersion(ctx context.Context, dir string) (int64, error) {
	db, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int64
	err = db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version`).Scan(&v)
	return v, err
}

// restoreSQLite unpacks archive into dataDir, which must hold no database
// or blobs, and checks the result.
func restoreSQLite(ctx context.Context, archive, dataDir string) (backupInfo, ledger.Report, error) {
	var info backupInfo
	var rep ledger.Report
	for _, name := range []string{backupDB, backupBlobs} {
		if _, err := os.Stat(filepath.Join(dataDir, name)); err == nil {
			return info, rep, fmt.Errorf("%s already holds %s: restore only into an empty data directory (stop the node and move the old one aside)", dataDir, name)
		}
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return info, rep, err
	}
	stage, err := os.MkdirTemp(dataDir, ".souk-restore-")
	if err != nil {
		return info, rep, err
	}
	defer os.RemoveAll(stage)
	if info, err = unpack(archive, stage); err != nil {
		return info, rep, fmt.Errorf("unpack %s: %w", archive, err)
	}
	if _, err := os.Stat(filepath.Join(stage, backupDB)); err != nil {
		return info, rep, fmt.Errorf("%s holds no %s", archive, backupDB)
	}
	if rep, err = checkRestored(ctx, stage); err != nil {
		return info, rep, err
	}
	if err := os.MkdirAll(filepath.Join(stage, backupBlobs), 0o750); err != nil {
		return info, rep, err
	}
	// Blobs first, the database last: a directory with souk.db is a restored one.
	if err := os.Rename(filepath.Join(stage, backupBlobs), filepath.Join(dataDir, backupBlobs)); err != nil {
		return info, rep, err
	}
	return info, rep, os.Rename(filepath.Join(stage, backupDB), filepath.Join(dataDir, backupDB))
}

// unpack extracts only what backupSQLite writes: the manifest, souk.db and
// regular files and directories under blobs/, each name clean and local.
func unpack(archive, dir string) (backupInfo, error) {
	var info backupInfo
	f, err := os.Open(archive)
	if err != nil {
		return info, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return info, err
	}
	root, err := os.OpenRoot(dir) // no name can leave dir, even through a link
	if err != nil {
		return info, err
	}
	defer root.Close()
	tr := tar.NewReader(gz)
	sawManifest := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return info, err
		}
		name := strings.TrimSuffix(h.Name, "/")
		if !fs.ValidPath(name) || path.Clean(name) != name ||
			(name != backupManifest && name != backupDB && name != backupBlobs && !strings.HasPrefix(name, backupBlobs+"/")) {
			return info, fmt.Errorf("unexpected entry %q", h.Name)
		}
		switch {
		case name == backupManifest && h.Typeflag == tar.TypeReg:
			if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&info); err != nil {
				return info, fmt.Errorf("read %s: %w", backupManifest, err)
			}
			sawManifest = true
		case h.Typeflag == tar.TypeDir && name != backupManifest && name != backupDB:
			if err := root.MkdirAll(name, 0o750); err != nil {
				return info, err
			}
		case h.Typeflag == tar.TypeReg:
			if err := root.MkdirAll(path.Dir(name), 0o750); err != nil {
				return info, err
			}
			w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
			if err != nil {
				return info, err
			}
			_, err = io.Copy(w, tr)
			if err == nil {
				err = w.Sync()
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return info, err
			}
		default:
			return info, fmt.Errorf("unexpected entry %q of type %c", h.Name, h.Typeflag)
		}
	}
	if !sawManifest {
		return info, fmt.Errorf("not a souk backup: no %s", backupManifest)
	}
	if info.Format != 1 {
		return info, fmt.Errorf("backup format %d is not known to this souk", info.Format)
	}
	return info, nil
}

// checkRestored runs SQLite's integrity check and the whole-ledger check on
// the database in dir.
func checkRestored(ctx context.Context, dir string) (ledger.Report, error) {
	var rep ledger.Report
	db, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		return rep, err
	}
	defer db.Close()
	var integrity string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity); err != nil {
		return rep, err
	}
	if integrity != "ok" {
		return rep, fmt.Errorf("restored database fails the SQLite integrity check: %s", integrity)
	}
	if rep, err = ledger.New(db, ledger.Options{}).Check(ctx); err != nil {
		return rep, fmt.Errorf("ledger check of the restored database: %w", err)
	}
	if !rep.OK {
		return rep, fmt.Errorf("restored ledger fails its check: %s", strings.Join(rep.Problems, "; "))
	}
	return rep, nil
}

func randomHex() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
