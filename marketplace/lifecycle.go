package marketplace

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
)

// Lifecycle events tell an app's developers what happened to it: a review
// decision, a brand installing or uninstalling it, the sandbox quarantining
// it, the host rolling a gray release back. Each one is written as a
// notification of the app's developer org (the portal lists them) in the
// same transaction as the change, and handed to the lifecycle sinks in
// that transaction too (the host adds the webhooks service's, which sends
// them to the app's endpoints as Standard Webhooks events of the same type).
const (
	EventVersionApproved = "version.approved"
	EventVersionRejected = "version.rejected"
	EventAppInstalled    = "app.installed"
	EventAppUninstalled  = "app.uninstalled"
	EventAppQuarantined  = "app.quarantined"
	EventAutoRolledBack  = "release.auto_rolled_back"
)

// LifecycleEventTypes lists every lifecycle event type.
var LifecycleEventTypes = []string{EventVersionApproved, EventVersionRejected, EventAppInstalled, EventAppUninstalled,
	EventAppQuarantined, EventAutoRolledBack}

// LifecycleEvent is one lifecycle event, as webhooks carry it and as the
// portal's notifications keep it.
type LifecycleEvent struct {
	// ID is unique per event (a redelivered event keeps it).
	ID      string    `json:"id"`
	Type    string    `json:"type" enum:"version.approved,version.rejected,app.installed,app.uninstalled,app.quarantined,release.auto_rolled_back"`
	OrgID   string    `json:"org_id" doc:"The app's developer organisation"`
	AppID   string    `json:"app_id"`
	AppName string    `json:"app_name"`
	Version string    `json:"version,omitempty" doc:"The version reviewed, rolled back or quarantined; the installed version"`
	At      time.Time `json:"at"`
	// Review decisions.
	Reasons []string `json:"reasons,omitempty" doc:"version.rejected: the reviewer's reason codes"`
	Message string   `json:"message,omitempty" doc:"The reviewer's message"`
	// Installations.
	InstallationID string `json:"installation_id,omitempty"`
	BrandID        string `json:"brand_id,omitempty"`
	BrandName      string `json:"brand_name,omitempty"`
	// Quarantines and automatic rollbacks.
	Reason     string               `json:"reason,omitempty" doc:"Why the host acted, in words"`
	Until      *time.Time           `json:"until,omitempty" doc:"app.quarantined: when the quarantine lifts unless extended"`
	Kills      int                  `json:"kills,omitempty"`
	Timeouts   int                  `json:"timeouts,omitempty"`
	Figures    *AutoRollbackFigures `json:"figures,omitempty" doc:"release.auto_rolled_back: the comparison the host decided on"`
	RolledBack string               `json:"rolled_back_to,omitempty" doc:"release.auto_rolled_back: the stable version every shopper sees again"`
	// key dedupes the event: a second event with one key is dropped.
	key string
}

// LifecycleSink receives lifecycle events inside the transaction that
// records them; an error rolls the change back.
type LifecycleSink func(ctx context.Context, tx *store.Tx, ev LifecycleEvent) error

// lifecycleHooks are shared by the copies WithSizeCaps and WithCompiler
// make, like the event cache.
type lifecycleHooks struct {
	mu    sync.RWMutex
	sinks []LifecycleSink
}

// AddLifecycleSink adds a sink for every lifecycle event.
func (s *Service) AddLifecycleSink(sink LifecycleSink) {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	s.hooks.sinks = append(s.hooks.sinks, sink)
}

// emit records ev as a notification of the app's org and hands it to the
// sinks. An event whose key was already recorded does nothing.
func (s *Service) emit(ctx context.Context, tx *store.Tx, ev LifecycleEvent) error {
	if err := tx.QueryRowContext(ctx, `SELECT org_id, name FROM apps WHERE id = $1`, ev.AppID).Scan(&ev.OrgID, &ev.AppName); err != nil {
		return err
	}
	if ev.BrandID != "" {
		if err := tx.QueryRowContext(ctx, `SELECT name FROM orgs WHERE id = $1`, ev.BrandID).Scan(&ev.BrandName); err != nil {
			return err
		}
	}
	now := store.Now()
	ev.ID, ev.At = store.NewID("evt"), time.UnixMicro(now).UTC()
	if ev.key == "" {
		ev.key = ev.ID
	}
	data, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, org_id, app_id, type, event_key, data, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_id, event_key) DO NOTHING`,
		ev.ID, ev.OrgID, ev.AppID, ev.Type, ev.key, string(data), now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	s.hooks.mu.RLock()
	sinks := s.hooks.sinks
	s.hooks.mu.RUnlock()
	for _, sink := range sinks {
		if err := sink(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

// QuarantineNoticeGap is how long after telling an app's developers of a
// quarantine another quarantine of the app is told again.
const QuarantineNoticeGap = 15 * time.Minute

// NoteQuarantines tells the developers of every app in qs that the sandbox
// quarantined it, once per QuarantineNoticeGap (the host's sweep calls it
// with the node's quarantines; every node may, and the notice is still
// sent once). It returns how many apps were told.
func (s *Service) NoteQuarantines(ctx context.Context, qs []sandbox.Quarantine, now time.Time) (int, error) {
	n := 0
	for _, q := range qs {
		if q.AppID == "" {
			continue
		}
		told := false
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			var last sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT MAX(created_at) FROM notifications WHERE app_id = $1 AND type = $2`,
				q.AppID, EventAppQuarantined).Scan(&last); err != nil {
				return err
			}
			if last.Valid && now.Sub(time.UnixMicro(last.Int64)) < QuarantineNoticeGap {
				return nil
			}
			var exists int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM apps WHERE id = $1`, q.AppID).Scan(&exists)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			until := q.Until.UTC()
			told = true
			bucket := now.UnixMicro() / QuarantineNoticeGap.Microseconds()
			return s.emit(ctx, tx, LifecycleEvent{Type: EventAppQuarantined, AppID: q.AppID, Version: q.Version, Reason: q.LastReason,
				Until: &until, Kills: q.Kills, Timeouts: q.Timeouts, key: "quarantine:" + q.AppID + ":" + strconv.FormatInt(bucket, 10)})
		})
		if err != nil {
			return n, err
		}
		if told {
			n++
		}
	}
	return n, nil
}

// Notification is a lifecycle event as the portal lists it.
type Notification struct {
	ID     string         `json:"id"`
	Event  LifecycleEvent `json:"event"`
	Read   bool           `json:"read"`
	ReadAt *time.Time     `json:"read_at,omitempty"`
}

// MaxNotifications is the most Notifications returns.
const MaxNotifications = 200

// Notifications lists an org's notifications, newest first (at most
// limit, 1-MaxNotifications).
func (s *Service) Notifications(ctx context.Context, orgID string, limit int) ([]Notification, error) {
	if limit <= 0 || limit > MaxNotifications {
		limit = MaxNotifications
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, data, read_at FROM notifications WHERE org_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		var n Notification
		var data string
		var read sql.NullInt64
		if err := rows.Scan(&n.ID, &data, &read); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &n.Event); err != nil {
			return nil, err
		}
		if read.Valid {
			t := time.UnixMicro(read.Int64).UTC()
			n.Read, n.ReadAt = true, &t
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadNotifications counts an org's unread notifications.
func (s *Service) UnreadNotifications(ctx context.Context, orgID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE org_id = $1 AND read_at IS NULL`, orgID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks the org's notifications read: the one with
// id, or all of them with id "". It reports how many changed; an id of
// another org changes nothing.
func (s *Service) MarkNotificationsRead(ctx context.Context, orgID, id string) (int, error) {
	q, args := `UPDATE notifications SET read_at = $2 WHERE org_id = $1 AND read_at IS NULL`, []any{orgID, store.Now()}
	if id != "" {
		q += ` AND id = $3`
		args = append(args, id)
	}
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
