package sandbox

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"time"
)

// QuarantinePolicy decides when an app is refused for degrading the pool.
//
// Each app (Job.AppID, whatever the version; the bundle hash for anonymous
// jobs) has a score that decays exponentially with HalfLife. An event that
// kills or crashes its worker adds 1; an event that times out adds
// TimeoutScore. When the score reaches Threshold the app is quarantined:
// its events are refused (outcome "quarantined") until the score has
// decayed back to half the threshold — one HalfLife for an app that just
// reached it, longer for one that scored more (events in flight when the
// quarantine began still count). The quarantine is per app, so uploading a
// new version does not lift it; once it lifts, an app that was fixed earns
// no more points and its record decays to nothing, while one that was not
// is back at the threshold after a few more faults.
type QuarantinePolicy struct {
	// Threshold is the score that quarantines an app (default 2.5: three
	// worker deaths within about two and a half minutes, or six timeouts in
	// a row; the score decays all the time, so three faults never add up
	// to exactly 3).
	Threshold float64
	// TimeoutScore is what one timed-out event adds (default 0.5).
	// Negative: timeouts do not count.
	TimeoutScore float64
	// HalfLife is how long the score takes to halve (default 5 minutes).
	HalfLife time.Duration
}

// DefaultQuarantinePolicy is the production policy; zero fields of a
// PoolConfig.Quarantine take these values.
var DefaultQuarantinePolicy = QuarantinePolicy{Threshold: 2.5, TimeoutScore: 0.5, HalfLife: 5 * time.Minute}

func (q QuarantinePolicy) normalize() QuarantinePolicy {
	if q.Threshold <= 0 {
		q.Threshold = DefaultQuarantinePolicy.Threshold
	}
	if q.TimeoutScore == 0 {
		q.TimeoutScore = DefaultQuarantinePolicy.TimeoutScore
	}
	if q.TimeoutScore < 0 {
		q.TimeoutScore = 0
	}
	if q.HalfLife <= 0 {
		q.HalfLife = DefaultQuarantinePolicy.HalfLife
	}
	return q
}

// Quarantine describes one quarantined app, for the API and operator pages.
type Quarantine struct {
	Key        string    `json:"key" doc:"The app id, or bundle:<hash> for anonymous jobs"`
	AppID      string    `json:"app_id"`
	Version    string    `json:"version" doc:"The version whose event scored last; the quarantine covers every version of the app"`
	Until      time.Time `json:"until"`
	Kills      int       `json:"kills" doc:"Workers its events killed or crashed since its record was last clean"`
	Timeouts   int       `json:"timeouts" doc:"Events that timed out since its record was last clean"`
	Score      float64   `json:"score" doc:"The decaying fault score when the quarantine began or was last extended"`
	LastReason string    `json:"last_reason"`
}

type quarantineEntry struct {
	score float64   // as of at
	at    time.Time // when score was last updated
	q     Quarantine
}

// quarantineBook keeps each app's decaying fault score.
type quarantineBook struct {
	policy QuarantinePolicy
	now    func() time.Time

	mu sync.Mutex
	m  map[string]*quarantineEntry
}

func newQuarantineBook(p QuarantinePolicy, now func() time.Time) *quarantineBook {
	if now == nil {
		now = time.Now
	}
	return &quarantineBook{policy: p.normalize(), now: now, m: map[string]*quarantineEntry{}}
}

// quarantineKey is the app a job belongs to, for quarantine and for its
// share of the pool: every version of an app shares one key.
func quarantineKey(j *Job) string {
	if j.AppID != "" {
		return j.AppID
	}
	return "bundle:" + j.BundleHash
}

// decayed is e's score at now.
func (b *quarantineBook) decayed(e *quarantineEntry, now time.Time) float64 {
	dt := now.Sub(e.at)
	if dt <= 0 {
		return e.score
	}
	return e.score * math.Exp2(-float64(dt)/float64(b.policy.HalfLife))
}

// forgettable: a score this small after decay is a clean record.
const forgettable = 0.01

// check returns the active quarantine for key, if any.
func (b *quarantineBook) check(key string) (Quarantine, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.m[key]
	if !ok {
		return Quarantine{}, false
	}
	now := b.now()
	if !e.q.Until.IsZero() && now.Before(e.q.Until) {
		return e.q, true
	}
	e.q.Until = time.Time{}
	if b.decayed(e, now) < forgettable {
		delete(b.m, key)
	}
	return Quarantine{}, false
}

// suspectScore: an app whose score is at least this (a timeout within the
// last half-life, a kill within the last two) has recent faults.
const suspectScore = 0.25

// suspect reports whether key has recent faults that have not decayed.
func (b *quarantineBook) suspect(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.m[key]
	return ok && b.decayed(e, b.now()) >= suspectScore
}

// record scores an event's outcome and reports whether that put the app
// into quarantine. Outcomes other than killed, crashed and timeout score
// nothing.
func (b *quarantineBook) record(key string, j *Job, rc *Receipt) bool {
	var points float64
	switch rc.Outcome {
	case OutcomeKilled, OutcomeCrashed:
		points = 1
	case OutcomeTimeout:
		points = b.policy.TimeoutScore
	}
	if points == 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	e, ok := b.m[key]
	if !ok {
		if len(b.m) >= maxQuarantineEntries {
			b.prune(now)
		}
		e = &quarantineEntry{}
		b.m[key] = e
	}
	e.score, e.at = b.decayed(e, now)+points, now
	if rc.Outcome == OutcomeTimeout {
		e.q.Timeouts++
	} else {
		e.q.Kills++
	}
	e.q.Key, e.q.AppID, e.q.Version, e.q.LastReason = key, j.AppID, j.Version, truncate(rc.Reason, 500)
	active := !e.q.Until.IsZero() && now.Before(e.q.Until)
	if !active && e.score < b.policy.Threshold {
		return false
	}
	// Refused until the score decays to half the threshold.
	until := now.Add(time.Duration(float64(b.policy.HalfLife) * math.Log2(e.score/(b.policy.Threshold/2))))
	if until.After(e.q.Until) {
		e.q.Until = until
	}
	e.q.Score = math.Round(e.score*100) / 100
	return !active
}

// reason is the receipt's explanation of a refusal.
func (q Quarantine) reason() string {
	return fmt.Sprintf("app is quarantined until %s: its events killed %d sandbox workers and timed out %d times recently (last: %s)",
		q.Until.UTC().Format(time.RFC3339), q.Kills, q.Timeouts, q.LastReason)
}

// list returns the active quarantines, soonest expiry first.
func (b *quarantineBook) list() []Quarantine {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	var out []Quarantine
	for _, e := range b.m {
		if !e.q.Until.IsZero() && now.Before(e.q.Until) {
			out = append(out, e.q)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Until.Before(out[j].Until) })
	return out
}

// maxQuarantineEntries bounds the book; beyond it, apps whose score has
// decayed to nothing and that are not quarantined are forgotten.
const maxQuarantineEntries = 10000

func (b *quarantineBook) prune(now time.Time) {
	for k, e := range b.m {
		active := !e.q.Until.IsZero() && now.Before(e.q.Until)
		if !active && b.decayed(e, now) < forgettable {
			delete(b.m, k)
		}
	}
}

// release forgets key's record, lifting its quarantine at once (an
// operator's decision: the app was fixed or the faults were the host's).
// It reports whether key was quarantined.
func (b *quarantineBook) release(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.m[key]
	if !ok {
		return false
	}
	delete(b.m, key)
	return !e.q.Until.IsZero() && b.now().Before(e.q.Until)
}
