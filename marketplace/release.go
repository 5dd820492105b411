package marketplace

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
)

// KeptVersions is how many previously stable versions stay available for
// rollback.
const KeptVersions = 10

// Release actions in the history.
const (
	ReleaseGray     = "gray"     // a candidate at under 100 %
	ReleaseStable   = "stable"   // a version at 100 %: the new stable
	ReleaseRollback = "rollback" // back to a kept version, at once 100 %
)

// ReleaseState is which versions of an app shoppers see: Stable, except
// that a shopper whose Bucket is below Percent sees Candidate. With no
// stable version yet a candidate serves everyone: there is nothing older.
type ReleaseState struct {
	AppID     string    `json:"app_id"`
	Stable    string    `json:"stable,omitempty" doc:"The version every shopper outside the gray release sees"`
	Candidate string    `json:"candidate,omitempty" doc:"The version in gray release"`
	Percent   int       `json:"percent" doc:"The candidate's share of shoppers, 0 without a candidate"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Released reports whether any version is out.
func (st ReleaseState) Released() bool { return st.Stable != "" || st.Candidate != "" }

// Latest is the newest released version: the candidate if there is one.
func (st ReleaseState) Latest() string {
	if st.Candidate != "" {
		return st.Candidate
	}
	return st.Stable
}

// Bucket places a shopper in 0..99 for an app: the same shopper always
// lands in the same bucket, so a gray release is sticky, and raising the
// percentage only adds shoppers to it.
func Bucket(appID, shopperID string) int {
	h := sha256.Sum256([]byte(appID + "\x00" + shopperID))
	return int(binary.BigEndian.Uint64(h[:8]) % 100)
}

// VersionFor is the version the release serves to shopperID ("" if none).
func (st ReleaseState) VersionFor(shopperID string) string {
	if st.Candidate != "" && (st.Stable == "" || Bucket(st.AppID, shopperID) < st.Percent) {
		return st.Candidate
	}
	return st.Stable
}

// ReleaseEntry is one step in an app's release history.
type ReleaseEntry struct {
	ID      string    `json:"id"`
	Version string    `json:"version"`
	Action  string    `json:"action" enum:"gray,stable,rollback"`
	Percent int       `json:"percent"`
	ActorID string    `json:"actor_id" doc:"The user who took the step, or \"automatic rollback\" when the host did"`
	At      time.Time `json:"at"`
	// Reason and Figures: why the host took the step (automatic rollback).
	Reason  string               `json:"reason,omitempty"`
	Figures *AutoRollbackFigures `json:"figures,omitempty"`
}

// ReleaseState returns the app's release state (empty if nothing was released).
func (s *Service) ReleaseState(ctx context.Context, appID string) (ReleaseState, error) {
	return readReleaseState(ctx, s.db, appID)
}

func readReleaseState(ctx context.Context, q store.Querier, appID string) (ReleaseState, error) {
	st := ReleaseState{AppID: appID}
	var stable, cand sql.NullString
	var updated int64
	err := q.QueryRowContext(ctx, `SELECT stable_version, candidate_version, candidate_percent, updated_at FROM app_release_state WHERE app_id = $1`, appID).
		Scan(&stable, &cand, &st.Percent, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Stable, st.Candidate, st.UpdatedAt = stable.String, cand.String, time.UnixMicro(updated).UTC()
	return st, nil
}

// lockReleaseState creates the app's row if needed and locks it for the
// transaction, so concurrent releases of one app are serialized.
func lockReleaseState(ctx context.Context, tx *store.Tx, appID string, now int64) (ReleaseState, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO app_release_state (app_id, candidate_percent, updated_at) VALUES ($1, 0, $2)
		ON CONFLICT (app_id) DO NOTHING`, appID, now); err != nil {
		return ReleaseState{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE app_release_state SET updated_at = updated_at WHERE app_id = $1`, appID); err != nil {
		return ReleaseState{}, err
	}
	return readReleaseState(ctx, tx, appID)
}

func writeReleaseState(ctx context.Context, tx *store.Tx, st ReleaseState, e ReleaseEntry, now int64) error {
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	if _, err := tx.ExecContext(ctx, `UPDATE app_release_state SET stable_version = $2, candidate_version = $3, candidate_percent = $4, updated_at = $5
		WHERE app_id = $1`, st.AppID, null(st.Stable), null(st.Candidate), st.Percent, now); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO app_releases (id, app_id, version, action, percent, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		store.NewID("rel"), st.AppID, e.Version, e.Action, e.Percent, e.ActorID, now)
	return err
}

// Release puts an approved version out to percent of shoppers (1-100).
// For a given candidate the percentage can only rise; 100 makes it the
// stable version. A version must be newer than the stable one (going back
// is Rollback). Releasing the candidate again at its percentage changes
// nothing, so a retried request is harmless.
func (s *Service) Release(ctx context.Context, appID, version string, percent int, actorID string) (ReleaseState, error) {
	if percent < 1 || percent > 100 {
		return ReleaseState{}, fail(CodeInvalidPercent, "percent must be 1 to 100, not %d", percent)
	}
	var out ReleaseState
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM app_versions WHERE app_id = $1 AND version = $2`, appID, version).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return fail(CodeNotFound, "no such version")
		}
		if err != nil {
			return err
		}
		if status != StatusApproved {
			return fail(CodeNotApproved, "version %s is %s; only approved versions can be released", version, status)
		}
		now := store.Now()
		st, err := lockReleaseState(ctx, tx, appID, now)
		if err != nil {
			return err
		}
		switch {
		case version == st.Stable:
			return fail(CodeAlreadyStable, "version %s is already the stable version", version)
		case st.Stable != "" && compareSemver(version, st.Stable) <= 0:
			return fail(CodeVersionNotNewer, "version %s is not newer than the stable %s; use rollback to go back", version, st.Stable)
		case version == st.Candidate && percent < st.Percent:
			return fail(CodePercentLowered, "version %s is already out to %d%% of shoppers; a gray release can only rise", version, st.Percent)
		case version == st.Candidate && percent == st.Percent:
			out = st
			return nil
		}
		e := ReleaseEntry{Version: version, Percent: percent, ActorID: actorID, Action: ReleaseGray}
		if percent == 100 {
			st.Stable, st.Candidate, st.Percent, e.Action = version, "", 0, ReleaseStable
		} else {
			st.Candidate, st.Percent = version, percent
		}
		if err := writeReleaseState(ctx, tx, st, e, now); err != nil {
			return err
		}
		out = st
		out.UpdatedAt = time.UnixMicro(now).UTC()
		return nil
	})
	s.cache.invalidate()
	return out, err
}

// Rollback makes a kept version (one of the last KeptVersions that were
// stable, other than the current stable) the stable version at once, for
// every shopper; a gray candidate is dropped.
func (s *Service) Rollback(ctx context.Context, appID, version, actorID string) (ReleaseState, error) {
	var out ReleaseState
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		now := store.Now()
		st, err := lockReleaseState(ctx, tx, appID, now)
		if err != nil {
			return err
		}
		kept, err := keptVersions(ctx, tx, appID, st.Stable)
		if err != nil {
			return err
		}
		found := false
		for _, k := range kept {
			found = found || k == version
		}
		if !found {
			return fail(CodeNotKept, "version %s is not one of the kept versions %v; rollback goes to one of the last %d stable versions", version, kept, KeptVersions)
		}
		st.Stable, st.Candidate, st.Percent = version, "", 0
		if err := writeReleaseState(ctx, tx, st, ReleaseEntry{Version: version, Action: ReleaseRollback, Percent: 100, ActorID: actorID}, now); err != nil {
			return err
		}
		out = st
		out.UpdatedAt = time.UnixMicro(now).UTC()
		return nil
	})
	s.cache.invalidate()
	return out, err
}

// KeptVersions are the versions a rollback may go to, most recently stable first.
func (s *Service) KeptVersions(ctx context.Context, appID string) ([]string, error) {
	st, err := s.ReleaseState(ctx, appID)
	if err != nil {
		return nil, err
	}
	return keptVersions(ctx, s.db, appID, st.Stable)
}

func keptVersions(ctx context.Context, q store.Querier, appID, stable string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, MAX(at) AS last FROM app_releases WHERE app_id = $1 AND percent = 100
		GROUP BY version ORDER BY last DESC, version DESC LIMIT $2`, appID, KeptVersions+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	kept := []string{}
	for rows.Next() {
		var v string
		var last int64
		if err := rows.Scan(&v, &last); err != nil {
			return nil, err
		}
		if v != stable && len(kept) < KeptVersions {
			kept = append(kept, v)
		}
	}
	return kept, rows.Err()
}

// Releases is the app's release history, newest first.
func (s *Service) Releases(ctx context.Context, appID string) ([]ReleaseEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, version, action, percent, actor_id, at, reason, figures FROM app_releases WHERE app_id = $1 ORDER BY at DESC, id DESC`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReleaseEntry{}
	for rows.Next() {
		var e ReleaseEntry
		var at int64
		var figures sql.NullString
		if err := rows.Scan(&e.ID, &e.Version, &e.Action, &e.Percent, &e.ActorID, &at, &e.Reason, &figures); err != nil {
			return nil, err
		}
		if figures.Valid {
			e.Figures = &AutoRollbackFigures{}
			if err := json.Unmarshal([]byte(figures.String), e.Figures); err != nil {
				return nil, err
			}
		}
		e.At = time.UnixMicro(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// releasedManifest is the latest released version's manifest (the gray
// candidate if there is one), which an upload's permission diff and
// version order are checked against (nil if nothing was released).
func (s *Service) releasedManifest(ctx context.Context, appID string) (*runtime.Manifest, error) {
	st, err := s.ReleaseState(ctx, appID)
	if err != nil || !st.Released() {
		return nil, err
	}
	v, err := s.Version(ctx, appID, st.Latest())
	if err != nil {
		return nil, err
	}
	var m runtime.Manifest
	if err := json.Unmarshal(v.Manifest, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// CompareVersions orders two versions by semantic-version rules (-1, 0,
// +1), as releases and uploads are ordered.
func CompareVersions(a, b string) int { return compareSemver(a, b) }
