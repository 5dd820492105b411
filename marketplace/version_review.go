package marketplace

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

// RejectReasons are the codes a reviewer may give for a rejection; the
// developer sees them with the reviewer's message.
var RejectReasons = []string{"broken_functionality", "misleading_content", "permission_overreach", "policy_violation", "security_risk", "other"}

// Review actions recorded in a version's history.
const (
	ActionSubmit   = "submit"
	ActionWithdraw = "withdraw"
	ActionApprove  = "approve"
	ActionReject   = "reject"
)

// MaxReviewMessage bounds a reviewer's message.
const MaxReviewMessage = 2000

// VersionEvent is one review move on a version: who did what, when.
type VersionEvent struct {
	ID      string    `json:"id"`
	Action  string    `json:"action" enum:"submit,withdraw,approve,reject"`
	ActorID string    `json:"actor_id"`
	Reasons []string  `json:"reasons"`
	Message string    `json:"message,omitempty"`
	At      time.Time `json:"at"`
}

// Submit sends a version whose checks passed to review (ready → in_review).
func (s *Service) Submit(ctx context.Context, appID, version, actorID string) (Version, error) {
	return s.move(ctx, appID, version, StatusReady, StatusInReview, VersionEvent{Action: ActionSubmit, ActorID: actorID})
}

// Withdraw takes a version back out of review (in_review → ready).
func (s *Service) Withdraw(ctx context.Context, appID, version, actorID string) (Version, error) {
	return s.move(ctx, appID, version, StatusInReview, StatusReady, VersionEvent{Action: ActionWithdraw, ActorID: actorID})
}

// Approve accepts a version in review; message is optional.
func (s *Service) Approve(ctx context.Context, appID, version, reviewerID, message string) (Version, error) {
	message = strings.TrimSpace(message)
	if len(message) > MaxReviewMessage {
		return Version{}, fail(CodeInvalidMessage, "the message is over %d bytes", MaxReviewMessage)
	}
	return s.move(ctx, appID, version, StatusInReview, StatusApproved, VersionEvent{Action: ActionApprove, ActorID: reviewerID, Message: message})
}

// Reject refuses a version in review with at least one reason code from
// RejectReasons and a message the developer sees.
func (s *Service) Reject(ctx context.Context, appID, version, reviewerID string, reasons []string, message string) (Version, error) {
	message = strings.TrimSpace(message)
	switch {
	case len(reasons) == 0:
		return Version{}, fail(CodeInvalidReason, "give at least one reason: %s", strings.Join(RejectReasons, ", "))
	case message == "" || len(message) > MaxReviewMessage:
		return Version{}, fail(CodeInvalidMessage, "a rejection needs a message for the developer (1 to %d bytes)", MaxReviewMessage)
	}
	seen := map[string]bool{}
	for _, r := range reasons {
		if !slices.Contains(RejectReasons, r) {
			return Version{}, fail(CodeInvalidReason, "unknown reason %q (known: %s)", r, strings.Join(RejectReasons, ", "))
		}
		if seen[r] {
			return Version{}, fail(CodeInvalidReason, "reason %q is given twice", r)
		}
		seen[r] = true
	}
	return s.move(ctx, appID, version, StatusInReview, StatusRejected, VersionEvent{Action: ActionReject, ActorID: reviewerID, Reasons: reasons, Message: message})
}

// move changes a version's status from → to and records ev, or refuses
// with invalid_transition naming the status the version is in.
func (s *Service) move(ctx context.Context, appID, version, from, to string, ev VersionEvent) (Version, error) {
	if ev.Reasons == nil {
		ev.Reasons = []string{}
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM app_versions WHERE app_id = $1 AND version = $2`, appID, version).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return fail(CodeNotFound, "no such version")
		}
		if err != nil {
			return err
		}
		if status != from {
			return fail(CodeInvalidTransition, "cannot %s version %s: it is %s, and only a version that is %s can be", ev.Action, version, status, from)
		}
		now := store.Now()
		q := `UPDATE app_versions SET status = $3 WHERE app_id = $1 AND version = $2 AND status = $4`
		args := []any{appID, version, to, from}
		switch ev.Action {
		case ActionSubmit:
			q = `UPDATE app_versions SET status = $3, submitted_by = $5, submitted_at = $6 WHERE app_id = $1 AND version = $2 AND status = $4`
			args = append(args, ev.ActorID, now)
		case ActionApprove, ActionReject:
			q = `UPDATE app_versions SET status = $3, reviewed_by = $5, reviewed_at = $6, review_reasons = $7, review_message = $8
				WHERE app_id = $1 AND version = $2 AND status = $4`
			args = append(args, ev.ActorID, now, mustJSON(ev.Reasons), ev.Message)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fail(CodeInvalidTransition, "version %s changed status meanwhile; reload it", version)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO app_version_events (id, app_id, version, action, actor_id, reasons, message, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, store.NewID("vev"), appID, version, ev.Action, ev.ActorID, mustJSON(ev.Reasons), ev.Message, now)
		if err != nil {
			return err
		}
		switch ev.Action {
		case ActionApprove:
			return s.emit(ctx, tx, LifecycleEvent{Type: EventVersionApproved, AppID: appID, Version: version, Message: ev.Message})
		case ActionReject:
			return s.emit(ctx, tx, LifecycleEvent{Type: EventVersionRejected, AppID: appID, Version: version, Reasons: ev.Reasons, Message: ev.Message})
		}
		return nil
	})
	s.cache.invalidate()
	if err != nil {
		return Version{}, err
	}
	return s.Version(ctx, appID, version)
}

// VersionEvents is a version's review history, oldest first.
func (s *Service) VersionEvents(ctx context.Context, appID, version string) ([]VersionEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, action, actor_id, reasons, message, at FROM app_version_events
		WHERE app_id = $1 AND version = $2 ORDER BY at, id`, appID, version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []VersionEvent{}
	for rows.Next() {
		var e VersionEvent
		var reasons string
		var at int64
		if err := rows.Scan(&e.ID, &e.Action, &e.ActorID, &reasons, &e.Message, &at); err != nil {
			return nil, err
		}
		e.Reasons = []string{}
		if err := jsonUnmarshalString(reasons, &e.Reasons); err != nil {
			return nil, err
		}
		e.At = time.UnixMicro(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// ReviewQueue lists the versions waiting for a reviewer, longest waiting first.
func (s *Service) ReviewQueue(ctx context.Context) ([]Version, error) {
	return s.versionsWhere(ctx, `status = $1 ORDER BY submitted_at, app_id, version`, StatusInReview)
}
