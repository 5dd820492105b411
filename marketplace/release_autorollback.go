package marketplace

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
)

// Automatic rollback: while a version is in gray release, the host compares
// its receipts with the stable (previous) version's over the same time —
// since the candidate's gray release began — and when the candidate's error,
// timeout or payment-failure rate exceeds the stable version's by more than
// the developer's margin (in percentage points), with at least the minimum
// number of events counted for each version, the release stops by itself:
// the candidate is dropped and every shopper sees the stable version again.
// The step is kept in the release history with the actor
// ActorAutoRollback, a reason and the figures, and the developer is told
// (the lifecycle event "app.auto_rolled_back": a webhook and a portal
// notification).
//
// What is counted, per version, from receipts (one per event):
//
//   - events: every receipt except the outcomes that say nothing about the
//     version — canceled (the caller went away), overloaded (no room in the
//     sandbox pool) and quarantined (the whole app was refused);
//   - errors: events that ended in error, invalid_view, unsettled,
//     memory_limit, too_large, killed or crashed;
//   - timeouts: events that ended in timeout;
//   - payment failures: among the version's orderPaid events (the handler
//     the host runs once a shopper has paid, where an app fulfils the
//     order), those that did not end ok. The payment itself is the host's
//     and cannot fail because of an app version; what a version can break
//     is the handling of a paid order. The rate is over orderPaid events
//     only, and the minimum applies to them separately.
//
// A rate is compared only when both versions reached the minimum for it.
// The check runs on every node's maintenance sweep (CheckAutoRollbacks);
// the rollback re-reads the release state under its lock, so two nodes
// deciding at once roll back once.

// ActorAutoRollback is the actor of release steps the host took by itself.
const ActorAutoRollback = "automatic rollback"

// Automatic rollback defaults: on, 5 percentage points, 50 events.
const (
	DefaultAutoRollbackMargin    = 5
	DefaultAutoRollbackMinEvents = 50
	MaxAutoRollbackMinEvents     = 1_000_000
)

// Metrics an automatic rollback compares.
const (
	MetricErrors          = "errors"
	MetricTimeouts        = "timeouts"
	MetricPaymentFailures = "payment_failures"
)

// CodeInvalidRules: margin or minimum out of range.
const CodeInvalidRules = "invalid_rules"

// AutoRollbackRules are an app's automatic rollback settings.
type AutoRollbackRules struct {
	Enabled      bool       `json:"enabled"`
	MarginPoints int        `json:"margin_points" doc:"How many percentage points the candidate's rate may exceed the stable version's before the release rolls back (1-100)"`
	MinEvents    int        `json:"min_events" doc:"Events each version needs before a rate is compared (1-1000000)"`
	UpdatedBy    string     `json:"updated_by,omitempty"`
	UpdatedAt    *time.Time `json:"updated_at,omitempty" doc:"Absent while the app runs with the defaults"`
}

// DefaultAutoRollback are the rules of an app whose developer set none.
func DefaultAutoRollback() AutoRollbackRules {
	return AutoRollbackRules{Enabled: true, MarginPoints: DefaultAutoRollbackMargin, MinEvents: DefaultAutoRollbackMinEvents}
}

// VersionFigures are one version's counts over a comparison window.
type VersionFigures struct {
	Version         string `json:"version"`
	Events          int    `json:"events"`
	Errors          int    `json:"errors"`
	Timeouts        int    `json:"timeouts"`
	PaymentEvents   int    `json:"payment_events" doc:"orderPaid events"`
	PaymentFailures int    `json:"payment_failures" doc:"orderPaid events that did not end ok"`
}

// Rate is a metric's rate in basis points (1/100 of a percent) and the
// events it is over.
func (f VersionFigures) Rate(metric string) (bp, of int) {
	var n int
	switch metric {
	case MetricErrors:
		n, of = f.Errors, f.Events
	case MetricTimeouts:
		n, of = f.Timeouts, f.Events
	case MetricPaymentFailures:
		n, of = f.PaymentFailures, f.PaymentEvents
	}
	if of == 0 {
		return 0, 0
	}
	return int(int64(n) * 10000 / int64(of)), of
}

// MetricFigures compares one metric of the two versions.
type MetricFigures struct {
	Metric        string `json:"metric" enum:"errors,timeouts,payment_failures"`
	CandidateBP   int    `json:"candidate_bp" doc:"The candidate's rate in basis points (1/100 of a percent)"`
	CandidateOf   int    `json:"candidate_of" doc:"Events the candidate's rate is over"`
	StableBP      int    `json:"stable_bp"`
	StableOf      int    `json:"stable_of"`
	Compared      bool   `json:"compared" doc:"Both versions reached the minimum number of events"`
	Exceeded      bool   `json:"exceeded" doc:"Compared, and the candidate's rate is over the stable's by more than the margin"`
	DifferenceBP  int    `json:"difference_bp" doc:"Candidate minus stable, in basis points"`
	MarginPoints  int    `json:"margin_points"`
	MinimumEvents int    `json:"min_events"`
}

// AutoRollbackFigures is a gray release's comparison: what the check saw.
type AutoRollbackFigures struct {
	Candidate VersionFigures  `json:"candidate"`
	Stable    VersionFigures  `json:"stable"`
	Since     time.Time       `json:"since" doc:"When the candidate's gray release began: both versions are counted from then"`
	At        time.Time       `json:"at" doc:"When the figures were read"`
	Metrics   []MetricFigures `json:"metrics"`
	// Exceeded names the metrics over the margin (none: no rollback).
	Exceeded []string `json:"exceeded"`
}

// AutoRollbackStatus is an app's rules and, while a version is in gray
// release over a stable one, the live comparison.
type AutoRollbackStatus struct {
	Rules      AutoRollbackRules    `json:"rules"`
	Comparison *AutoRollbackFigures `json:"comparison,omitempty" doc:"Absent unless a version is in gray release over a stable version"`
	// History is the release steps the host took by itself, newest first.
	History []ReleaseEntry `json:"history"`
}

// AutoRollback returns the app's rules (the defaults if none were set).
func (s *Service) AutoRollback(ctx context.Context, appID string) (AutoRollbackRules, error) {
	return readAutoRollback(ctx, s.db, appID)
}

func readAutoRollback(ctx context.Context, q store.Querier, appID string) (AutoRollbackRules, error) {
	r := AutoRollbackRules{}
	var at int64
	err := q.QueryRowContext(ctx, `SELECT enabled, margin_points, min_events, updated_by, updated_at FROM app_autorollback WHERE app_id = $1`, appID).
		Scan(&r.Enabled, &r.MarginPoints, &r.MinEvents, &r.UpdatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultAutoRollback(), nil
	}
	if err != nil {
		return r, err
	}
	t := time.UnixMicro(at).UTC()
	r.UpdatedAt = &t
	return r, nil
}

// SetAutoRollback stores the app's rules.
func (s *Service) SetAutoRollback(ctx context.Context, appID string, r AutoRollbackRules, actorID string) (AutoRollbackRules, error) {
	if r.MarginPoints < 1 || r.MarginPoints > 100 {
		return AutoRollbackRules{}, fail(CodeInvalidRules, "the margin must be 1 to 100 percentage points, not %d", r.MarginPoints)
	}
	if r.MinEvents < 1 || r.MinEvents > MaxAutoRollbackMinEvents {
		return AutoRollbackRules{}, fail(CodeInvalidRules, "the minimum must be 1 to %d events, not %d", MaxAutoRollbackMinEvents, r.MinEvents)
	}
	now := store.Now()
	_, err := s.db.ExecContext(ctx, `INSERT INTO app_autorollback (app_id, enabled, margin_points, min_events, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (app_id) DO UPDATE SET enabled = excluded.enabled, margin_points = excluded.margin_points,
			min_events = excluded.min_events, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		appID, r.Enabled, r.MarginPoints, r.MinEvents, actorID, now)
	if err != nil {
		return AutoRollbackRules{}, err
	}
	t := time.UnixMicro(now).UTC()
	r.UpdatedBy, r.UpdatedAt = actorID, &t
	return r, nil
}

// AutoRollbackStatus returns the rules, the live comparison (if a version
// is in gray release over a stable one) and the automatic rollbacks so far.
func (s *Service) AutoRollbackStatus(ctx context.Context, appID string) (AutoRollbackStatus, error) {
	var out AutoRollbackStatus
	var err error
	if out.Rules, err = s.AutoRollback(ctx, appID); err != nil {
		return out, err
	}
	st, err := s.ReleaseState(ctx, appID)
	if err != nil {
		return out, err
	}
	if st.Candidate != "" && st.Stable != "" {
		f, err := compareRelease(ctx, s.db, st, out.Rules, time.Now())
		if err != nil {
			return out, err
		}
		out.Comparison = &f
	}
	all, err := s.Releases(ctx, appID)
	if err != nil {
		return out, err
	}
	out.History = []ReleaseEntry{}
	for _, e := range all {
		if e.ActorID == ActorAutoRollback {
			out.History = append(out.History, e)
		}
	}
	return out, nil
}

// graySince is when the candidate's current gray release began: its first
// release step after the last step of any other version.
func graySince(ctx context.Context, q store.Querier, st ReleaseState) (int64, error) {
	var since sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MIN(at) FROM app_releases WHERE app_id = $1 AND version = $2
		AND at >= COALESCE((SELECT MAX(at) FROM app_releases WHERE app_id = $1 AND version <> $2), 0)`, st.AppID, st.Candidate).Scan(&since)
	if err != nil {
		return 0, err
	}
	return since.Int64, nil
}

// notCounted are outcomes that say nothing about a version.
var notCounted = map[string]bool{sandbox.OutcomeCanceled: true, sandbox.OutcomeOverloaded: true, sandbox.OutcomeQuarantined: true}

// compareRelease reads both versions' figures since the gray release began
// and compares them under r.
func compareRelease(ctx context.Context, q store.Querier, st ReleaseState, r AutoRollbackRules, now time.Time) (AutoRollbackFigures, error) {
	f := AutoRollbackFigures{Candidate: VersionFigures{Version: st.Candidate}, Stable: VersionFigures{Version: st.Stable},
		At: now.UTC().Truncate(time.Microsecond), Exceeded: []string{}}
	since, err := graySince(ctx, q, st)
	if err != nil {
		return f, err
	}
	f.Since = time.UnixMicro(since).UTC()
	rows, err := q.QueryContext(ctx, `SELECT version, event, outcome, COUNT(*) FROM receipts
		WHERE app_id = $1 AND version IN ($2, $3) AND started_at >= $4 GROUP BY version, event, outcome`,
		st.AppID, st.Candidate, st.Stable, since)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var version, event, outcome string
		var n int
		if err := rows.Scan(&version, &event, &outcome, &n); err != nil {
			return f, err
		}
		vf := &f.Stable
		if version == st.Candidate {
			vf = &f.Candidate
		}
		if notCounted[outcome] {
			continue
		}
		vf.Events += n
		switch outcome {
		case sandbox.OutcomeOK:
		case sandbox.OutcomeTimeout:
			vf.Timeouts += n
		default:
			vf.Errors += n
		}
		if event == "orderPaid" {
			vf.PaymentEvents += n
			if outcome != sandbox.OutcomeOK {
				vf.PaymentFailures += n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return f, err
	}
	for _, m := range []string{MetricErrors, MetricTimeouts, MetricPaymentFailures} {
		mf := MetricFigures{Metric: m, MarginPoints: r.MarginPoints, MinimumEvents: r.MinEvents}
		mf.CandidateBP, mf.CandidateOf = f.Candidate.Rate(m)
		mf.StableBP, mf.StableOf = f.Stable.Rate(m)
		mf.DifferenceBP = mf.CandidateBP - mf.StableBP
		mf.Compared = mf.CandidateOf >= r.MinEvents && mf.StableOf >= r.MinEvents
		mf.Exceeded = mf.Compared && exceeds(f.Candidate, f.Stable, m, r.MarginPoints)
		if mf.Exceeded {
			f.Exceeded = append(f.Exceeded, m)
		}
		f.Metrics = append(f.Metrics, mf)
	}
	return f, nil
}

// exceeds compares exactly, in integers: cn/c - sn/s > margin/100.
func exceeds(cand, stable VersionFigures, metric string, margin int) bool {
	count := func(v VersionFigures) (int64, int64) {
		switch metric {
		case MetricErrors:
			return int64(v.Errors), int64(v.Events)
		case MetricTimeouts:
			return int64(v.Timeouts), int64(v.Events)
		}
		return int64(v.PaymentFailures), int64(v.PaymentEvents)
	}
	cn, c := count(cand)
	sn, s := count(stable)
	if c == 0 || s == 0 {
		return false
	}
	return 100*(cn*s-sn*c) > int64(margin)*c*s
}

// Reason is the sentence the history and the developer's notification
// carry: which rates went over and by how much.
func (f AutoRollbackFigures) Reason() string {
	var parts []string
	for _, m := range f.Metrics {
		if m.Exceeded {
			parts = append(parts, fmt.Sprintf("%s rate %s over %d events against %s over %d events for %s (margin %d points)",
				metricWords[m.Metric], pct(m.CandidateBP), m.CandidateOf, pct(m.StableBP), m.StableOf, f.Stable.Version, m.MarginPoints))
		}
	}
	return fmt.Sprintf("version %s rolled back to %s automatically: %s", f.Candidate.Version, f.Stable.Version, strings.Join(parts, "; "))
}

var metricWords = map[string]string{MetricErrors: "error", MetricTimeouts: "timeout", MetricPaymentFailures: "payment-failure"}

// pct formats basis points as a percentage with two decimals.
func pct(bp int) string { return fmt.Sprintf("%d.%02d%%", bp/100, bp%100) }

// CheckAutoRollback compares the app's gray release with its stable
// version and rolls it back if the rules say so. It returns the figures it
// decided on (nil when there is nothing to compare or the rules are off)
// and whether it rolled back. Safe to run on several nodes at once.
func (s *Service) CheckAutoRollback(ctx context.Context, appID string) (*AutoRollbackFigures, bool, error) {
	rules, err := s.AutoRollback(ctx, appID)
	if err != nil || !rules.Enabled {
		return nil, false, err
	}
	st, err := s.ReleaseState(ctx, appID)
	if err != nil || st.Candidate == "" || st.Stable == "" {
		return nil, false, err
	}
	f, err := compareRelease(ctx, s.db, st, rules, time.Now())
	if err != nil || len(f.Exceeded) == 0 {
		return &f, false, err
	}
	rolled := false
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		now := store.Now()
		cur, err := lockReleaseState(ctx, tx, appID, now)
		if err != nil {
			return err
		}
		// Another node (or the developer) moved first: nothing to undo.
		if cur.Candidate != st.Candidate || cur.Stable != st.Stable {
			return nil
		}
		figures, err := json.Marshal(f)
		if err != nil {
			return err
		}
		cur.Candidate, cur.Percent = "", 0
		if _, err := tx.ExecContext(ctx, `UPDATE app_release_state SET candidate_version = NULL, candidate_percent = 0, updated_at = $2 WHERE app_id = $1`,
			appID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO app_releases (id, app_id, version, action, percent, actor_id, at, reason, figures)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			store.NewID("rel"), appID, st.Stable, ReleaseRollback, 100, ActorAutoRollback, now, f.Reason(), string(figures)); err != nil {
			return err
		}
		rolled = true
		return s.emit(ctx, tx, LifecycleEvent{Type: EventAutoRolledBack, AppID: appID, Version: st.Candidate,
			Reason: f.Reason(), Figures: &f, RolledBack: st.Stable})
	})
	s.cache.invalidate()
	return &f, rolled, err
}

// CheckAutoRollbacks runs CheckAutoRollback for every app with a version in
// gray release (the host's maintenance sweep) and returns how many rolled
// back. One app's error does not stop the others; the first is returned.
func (s *Service) CheckAutoRollbacks(ctx context.Context) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT app_id FROM app_release_state WHERE candidate_version IS NOT NULL AND stable_version IS NOT NULL`)
	if err != nil {
		return 0, err
	}
	var apps []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		apps = append(apps, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	var first error
	for _, id := range apps {
		_, rolled, err := s.CheckAutoRollback(ctx, id)
		if err != nil && first == nil {
			first = fmt.Errorf("automatic rollback of %s: %w", id, err)
		}
		if rolled {
			n++
		}
	}
	return n, first
}
