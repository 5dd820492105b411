package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Expired device codes are pruned a day after their expiry, not before: a
// late poll still hears expired_token, and then the row is gone.
func TestPruneDeviceCodes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		old, err := s.StartDevice(ctx, "souk cli", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		*now = now.Add(identity.DeviceCodeTTL + time.Hour)
		fresh, err := s.StartDevice(ctx, "souk cli", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.PruneDeviceCodes(ctx, *now, 100); err != nil || n != 0 {
			t.Fatalf("pruned %d (%v) an hour after expiry; want none", n, err)
		}
		if _, _, err := s.PollDevice(ctx, old.DeviceCode, "t"); !errors.Is(err, identity.ErrExpiredToken) {
			t.Fatalf("late poll: %v, want expired_token", err)
		}
		*now = now.Add(identity.DeviceCodeKeep)
		if n, err := s.PruneDeviceCodes(ctx, *now, 100); err != nil || n != 1 {
			t.Fatalf("pruned %d (%v) a day after expiry; want the expired one", n, err)
		}
		if _, _, err := s.PollDevice(ctx, old.DeviceCode, "t"); !errors.Is(err, identity.ErrInvalidGrant) {
			t.Fatalf("poll of a pruned code: %v, want invalid_grant", err)
		}
		var left int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM device_codes`).Scan(&left); err != nil || left != 1 {
			t.Fatalf("%d device codes left (%v); want the fresh one", left, err)
		}
		_ = fresh
	})
}
