package runtime

import (
	"bytes"
	"context"
	"encoding/hex"
	stdjson "encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/soukhq/souk/sandbox"
)

// CodeNotReplayable rejects the replay of a truncated recording.
const CodeNotReplayable = "not_replayable"

// CodeReplayDiverged is the host error a replayed event gets for a host
// call the recording does not have.
const CodeReplayDiverged = "replay_diverged"

// ReplayResult is what a replayed event produced, next to the recording.
type ReplayResult struct {
	Outcome string             `json:"outcome"`
	Reason  string             `json:"reason,omitempty"`
	Error   *sandbox.JSError   `json:"error,omitempty"`
	Value   stdjson.RawMessage `json:"value,omitempty"`
	// Divergence describes the first host call that differed from the
	// recorded one ("" when every call matched).
	Divergence string `json:"divergence,omitempty"`
	// Calls is how many host calls the replay made; Recorded how many the
	// recording has.
	Calls    int `json:"calls"`
	Recorded int `json:"recorded"`
	// ClockOverrun counts clock reads beyond the recorded ones.
	ClockOverrun int `json:"clock_overrun,omitempty"`
	// Same: the outcome and the value (view, patch or handler value) are
	// those recorded, and the host calls matched.
	Same bool `json:"same"`
}

// Replay runs a recorded event again with bun (the recorded version's
// bundle, or a local build to try a fix on the real event) in pool, under
// the bundle's limits, in a fresh runtime, answering its host calls from
// the recording and giving it the recorded clock and random seed.
func Replay(ctx context.Context, pool Runner, bun *Bundle, rec *Recording) (*ReplayResult, error) {
	if rec.Truncated != "" {
		return nil, errorf(CodeNotReplayable, "not replayable: recording truncated (%s)", rec.Truncated)
	}
	if rec.Format != RecordingFormat {
		return nil, errorf(CodeNotReplayable, "not replayable: recording format %d; this souk reads format %d", rec.Format, RecordingFormat)
	}
	ev := Event{AppID: rec.AppID, Version: rec.Version, InstallationID: rec.InstallationID, Handler: rec.Handler,
		Args: rec.Args, Ctx: EventContext(rec.Ctx), Granted: rec.Granted, BundleHash: hex.EncodeToString(bun.Hash[:])}
	job, err := eventJob(ev, bun.Manifest, bun)
	if err != nil {
		return nil, err
	}
	job.Isolation = sandbox.IsolationEvent
	job.Nondet = &sandbox.Nondet{Seed: rec.Seed, Replay: true, Clock: rec.Clock, SkipTopLevel: rec.Runtime == sandbox.RuntimeWarm}
	host := &ReplayHost{Calls: rec.Calls}
	res, err := pool.Run(ctx, job, host)
	if err != nil {
		return nil, err
	}
	out := &EventResult{Receipt: Receipt{Outcome: res.Receipt.Outcome, Reason: res.Receipt.Reason, Error: res.Err}}
	if out.Receipt.Outcome == sandbox.OutcomeOK {
		var e Engine
		e.validate(rec.Handler, bun.Manifest, res.Value, out)
	}
	rr := &ReplayResult{Outcome: out.Receipt.Outcome, Reason: out.Receipt.Reason, Error: out.Receipt.Error,
		Calls: host.made(), Recorded: len(rec.Calls), Divergence: host.Divergence()}
	if rr.Outcome == sandbox.OutcomeOK {
		rr.Value = res.Value
	}
	if res.Nondet != nil {
		rr.ClockOverrun = res.Nondet.ClockOverrun
	}
	if rr.Divergence == "" && rr.Calls < rr.Recorded {
		rr.Divergence = fmt.Sprintf("the replay made %d host calls; the recorded event made %d", rr.Calls, rr.Recorded)
	}
	rr.Same = rr.Outcome == rec.Outcome && rr.Divergence == "" && JSONEqual(rr.Value, rec.Value)
	return rr, nil
}

// ReplayHost answers a replayed event's host calls from a recording: call
// N gets the recorded call N's result when it asks the same thing (name
// and arguments). A call that differs is a divergence; it is answered from
// any unused recorded call asking the same thing (the order of concurrent
// calls may differ in a changed build), or else with a replay_diverged
// error.
type ReplayHost struct {
	Calls []RecordedCall

	mu         sync.Mutex
	used       map[int]bool
	n          int
	divergence string
}

// CallHost implements sandbox.HostCaller.
func (h *ReplayHost) CallHost(ctx context.Context, name string, args stdjson.RawMessage) (stdjson.RawMessage, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.used == nil {
		h.used = map[int]bool{}
	}
	h.n++
	seq := sandbox.CallSeq(ctx)
	if seq == 0 {
		seq = h.n
	}
	same := func(c RecordedCall) bool { return c.Name == name && JSONEqual(c.Args, args) }
	pick := -1
	if i := seq - 1; i < len(h.Calls) && !h.used[i] && same(h.Calls[i]) {
		pick = i
	} else {
		if h.divergence == "" {
			got := describeCall(name, args)
			if i < len(h.Calls) {
				h.divergence = fmt.Sprintf("diverged at call %d: expected %s got %s", seq, describeCall(h.Calls[i].Name, h.Calls[i].Args), got)
			} else {
				h.divergence = fmt.Sprintf("diverged at call %d: the recording has %d calls; got %s", seq, len(h.Calls), got)
			}
		}
		for j, c := range h.Calls {
			if !h.used[j] && same(c) {
				pick = j
				break
			}
		}
	}
	if pick < 0 {
		return nil, &sandbox.HostError{Code: CodeReplayDiverged, Message: fmt.Sprintf("replay: the recording has no answer to %s", describeCall(name, args))}
	}
	h.used[pick] = true
	c := h.Calls[pick]
	if c.Error != nil {
		return nil, &sandbox.HostError{Code: c.Error.Code, Message: c.Error.Message}
	}
	if len(c.Result) == 0 {
		return stdjson.RawMessage("null"), nil
	}
	return c.Result, nil
}

// Divergence is the first divergence seen ("" if none).
func (h *ReplayHost) Divergence() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.divergence
}

func (h *ReplayHost) made() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}

func describeCall(name string, args []byte) string {
	return truncateStr(name+"("+string(args)+")", 300)
}

// JSONEqual reports whether a and b are the same JSON value (both empty
// counts as equal).
func JSONEqual(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	var x, y any
	if stdjson.Unmarshal(a, &x) != nil || stdjson.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// DiffJSON is a line diff of two JSON values, indented: lines only in want
// start with "-", lines only in got with "+". It is empty when they are
// equal.
func DiffJSON(want, got []byte) string {
	if JSONEqual(want, got) {
		return ""
	}
	a, b := indentLines(want), indentLines(got)
	if len(a)*len(b) > 4_000_000 {
		return "- " + strings.Join(a, "\n- ") + "\n+ " + strings.Join(b, "\n+ ")
	}
	// Longest common subsequence, then walk it.
	l := make([][]int32, len(a)+1)
	for i := range l {
		l[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var sb strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			sb.WriteString("  " + a[i] + "\n")
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || l[i][j+1] >= l[i+1][j]):
			sb.WriteString("+ " + b[j] + "\n")
			j++
		default:
			sb.WriteString("- " + a[i] + "\n")
			i++
		}
	}
	return sb.String()
}

func indentLines(v []byte) []string {
	if len(v) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if err := stdjson.Indent(&buf, v, "", "  "); err != nil {
		return strings.Split(string(v), "\n")
	}
	return strings.Split(buf.String(), "\n")
}
