package runtime

import (
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"crypto/rand"
	"database/sql"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/klauspost/compress/gzip"
	"github.com/soukhq/souk/sandbox"
)

// Record and replay (issue 14). An event the engine records keeps, next to
// its receipt, everything needed to run it again exactly: its handler,
// arguments and context, the permissions it ran with, every host call with
// its result, the clock values it read and the seed its Math.random and
// crypto were drawn from (sandbox/worker_nondet.go), and what it produced.
// Replay (replay.go) runs the same bundle version with the recorded host
// answers instead of the host, so it is exact for an app that keeps no state
// between events outside storage.

// RecordingFormat is the version of Recording's JSON.
const RecordingFormat = 1

// Recording size bounds: host-call arguments and results are kept up to
// maxRecordedCallBytes in all; the stored (gzipped) recording is at most
// MaxRecordingBytes. Past either, the recording keeps its metadata only and
// says why in Truncated: it is not replayable.
const (
	MaxRecordingBytes    = 256 << 10
	maxRecordedCallBytes = 4 << 20
)

// DefaultRecordingRetention is how long recordings are kept by default.
const DefaultRecordingRetention = 72 * time.Hour

// RecordingConfig says which events the engine records.
type RecordingConfig struct {
	// Off records nothing.
	Off bool
	// Sample is the fraction of successful events recorded, in (0, 1]; 0
	// means 1: every event. Failed events are always recorded
	// (keepRecording).
	Sample float64
	// Retention is how long recordings are kept (0: DefaultRecordingRetention).
	Retention time.Duration
}

// sampled draws whether a successful event is kept (a failed one always is,
// unless recording is off).
func (c RecordingConfig) sampled() bool {
	return c.Sample <= 0 || c.Sample >= 1 || mathrand.Float64() < c.Sample
}

// keepRecording says whether a captured event's recording is stored: never
// for an event the pool refused (it never ran: there is nothing to
// replay); as drawn for a success, or for an event whose caller went away;
// always for a failure of the app (an error, a timeout, a limit, a crash,
// an invalid view), the events a developer replays.
func keepRecording(outcome string, drawn bool) bool {
	switch outcome {
	case sandbox.OutcomeOverloaded, sandbox.OutcomeQuarantined:
		return false
	case sandbox.OutcomeOK, sandbox.OutcomeCanceled:
		return drawn
	}
	return true
}

// RecordedCall is one host call of a recorded event, in the order the app
// made them (Seq, from 1).
type RecordedCall struct {
	Seq    int                `json:"seq"`
	Name   string             `json:"name"`
	Args   stdjson.RawMessage `json:"args,omitempty"`
	Result stdjson.RawMessage `json:"result,omitempty"`
	Error  *sandbox.HostError `json:"error,omitempty" doc:"The error JS saw instead of a result"`
}

// Recording is one recorded event.
type Recording struct {
	Format         int                  `json:"format"`
	ReceiptID      string               `json:"receipt_id"`
	AppID          string               `json:"app_id"`
	Version        string               `json:"version"`
	InstallationID string               `json:"installation_id"`
	BundleHash     string               `json:"bundle_hash"`
	Handler        string               `json:"handler"`
	Args           []stdjson.RawMessage `json:"args" doc:"The handler's arguments before ctx"`
	Ctx            RecordedContext      `json:"ctx"`
	Granted        []string             `json:"granted"`
	Runtime        string               `json:"runtime,omitempty" doc:"warm or cold, as on the receipt"`
	StartedAt      time.Time            `json:"started_at"`
	Seed           []byte               `json:"seed" doc:"Math.random and crypto were drawn from this seed"`
	Clock          []int64              `json:"clock,omitempty" doc:"The clock values the event read, Unix nanoseconds, in order"`
	Calls          []RecordedCall       `json:"calls"`
	Outcome        string               `json:"outcome"`
	Reason         string               `json:"reason,omitempty"`
	Value          stdjson.RawMessage   `json:"value,omitempty" doc:"What the handler returned (for ok)"`
	Truncated      string               `json:"truncated,omitempty" doc:"Why this recording cannot be replayed (too large); empty when it can"`
}

// RecordedContext is the event's EventContext (the handler's ctx without
// the installation), in the API's names.
type RecordedContext struct {
	BrandID   string `json:"brand_id"`
	ShopperID string `json:"shopper_id,omitempty"`
	Locale    string `json:"locale"`
}

// recorder is the HostCaller that records an event's host calls on their
// way to the real one (the event's Bridge).
type recorder struct {
	host sandbox.HostCaller

	mu        sync.Mutex
	calls     []RecordedCall
	bytes     int
	truncated string
}

func (r *recorder) CallHost(ctx context.Context, name string, args stdjson.RawMessage) (stdjson.RawMessage, error) {
	out, err := r.host.CallHost(ctx, name, args)
	c := RecordedCall{Seq: sandbox.CallSeq(ctx), Name: name, Args: cloneRaw(args)}
	var he *sandbox.HostError
	switch {
	case err == nil:
		c.Result = cloneRaw(out)
	case errors.As(err, &he):
		c.Error = &sandbox.HostError{Code: he.Code, Message: he.Message}
	default:
		// What the pool turns a host fault into for JS (sandbox/pool.go).
		c.Error = &sandbox.HostError{Code: "host_error", Message: "the host could not complete " + truncateStr(name, 100)}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bytes += len(name) + len(c.Args) + len(c.Result)
	if r.bytes > maxRecordedCallBytes {
		r.truncated = fmt.Sprintf("its host calls carried more than %d bytes", maxRecordedCallBytes)
	}
	if r.truncated == "" {
		r.calls = append(r.calls, c)
	}
	return out, err
}

func cloneRaw(b []byte) stdjson.RawMessage {
	if b == nil {
		return nil
	}
	return append(stdjson.RawMessage(nil), b...)
}

// recordingFor starts recording an event unless recording is off: it
// returns the job's Nondet and the recorder that wraps host, or nils, and
// whether the event is kept if it succeeds. Every event is captured (the
// capture is a seed and copies of host replies; encoding and storing are
// the cost), so that a failed one is kept whatever the sampling: the events
// a developer replays are mostly the ones that failed.
func (e *Engine) recordingFor(host sandbox.HostCaller) (*sandbox.Nondet, *recorder, bool) {
	if e.recording.Off {
		return nil, nil, false
	}
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return nil, nil, false
	}
	return &sandbox.Nondet{Seed: seed}, &recorder{host: host}, e.recording.sampled()
}

// recordingOf assembles the recording of an event that ran.
func recordingOf(ev Event, granted []string, nd *sandbox.Nondet, rec *recorder, res *sandbox.Result, r *Receipt) *Recording {
	rec.mu.Lock()
	calls, truncated := rec.calls, rec.truncated
	rec.mu.Unlock()
	sort.Slice(calls, func(i, j int) bool { return calls[i].Seq < calls[j].Seq })
	out := &Recording{Format: RecordingFormat, ReceiptID: r.ID, AppID: ev.AppID, Version: ev.Version,
		InstallationID: ev.InstallationID, BundleHash: ev.BundleHash, Handler: ev.Handler, Args: ev.Args, Ctx: RecordedContext(ev.Ctx),
		Granted: granted, Runtime: r.Runtime, StartedAt: r.StartedAt, Seed: nd.Seed, Calls: calls,
		Outcome: r.Outcome, Reason: r.Reason, Truncated: truncated}
	if out.Calls == nil {
		out.Calls = []RecordedCall{}
	}
	if r.Outcome == sandbox.OutcomeOK {
		out.Value = res.Value
	}
	if res.Nondet != nil {
		out.Clock = res.Nondet.Clock
		if res.Nondet.ClockTruncated {
			out.Truncated = fmt.Sprintf("it read the clock more than %d times", sandbox.MaxClockReads)
		}
	}
	return out
}

// gzipWriters are reused: a new compressor allocates its tables, and every
// recorded event needs one. BestSpeed, because a recording is written on
// every event and read rarely. klauspost/compress's gzip writes the same
// format as compress/gzip (which reads it back in decodeRecording) in about
// 60% of the time on a home render's recording.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// encodeRecording gzips rec's JSON; past MaxRecordingBytes it keeps the
// metadata only, marked truncated. It returns why it was truncated.
func encodeRecording(rec *Recording) ([]byte, string, error) {
	enc := func(rec *Recording) ([]byte, error) {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(zw)
		zw.Reset(&buf)
		// json v2: it checks the raw JSON inside (arguments, host results,
		// the value) about three times faster than encoding/json compacts
		// it, and a recording is encoded on every recorded event. With
		// v1's omitempty and nil slices, so the document is the one
		// encoding/json wrote: a null value or host result (a handler
		// that returned nothing, storage.get of a missing key) is kept,
		// where v2's omitempty would drop it and replay would differ.
		if err := json.MarshalWrite(zw, rec, jsonv1.OmitEmptyWithLegacySemantics(true), json.FormatNilSliceAsNull(true)); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	if rec.Truncated != "" {
		rec = stripRecording(rec, rec.Truncated)
	}
	data, err := enc(rec)
	if err != nil {
		return nil, "", err
	}
	if len(data) > MaxRecordingBytes {
		rec = stripRecording(rec, fmt.Sprintf("the recording is more than %d bytes compressed", MaxRecordingBytes))
		data, err = enc(rec)
	}
	return data, rec.Truncated, err
}

// stripRecording is rec without what a replay needs, marked truncated.
func stripRecording(rec *Recording, why string) *Recording {
	c := *rec
	c.Args, c.Calls, c.Clock, c.Value, c.Seed, c.Truncated = nil, []RecordedCall{}, nil, nil, nil, why
	return &c
}

func decodeRecording(data []byte) (*Recording, error) {
	zr, err := stdgzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, err
	}
	var rec Recording
	if err := stdjson.Unmarshal(raw, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

// encodedRecording is a recording as its row, ready for the receipt batch
// that writes it beside its receipt (receipt_batch.go).
type encodedRecording struct {
	receiptID, appID, version string
	startedAt                 int64
	truncated                 string
	data                      []byte
}

const insertRecording = `INSERT INTO recordings (receipt_id, app_id, version, started_at, truncated, size_bytes, data)
	VALUES ($1, $2, $3, $4, $5, $6, $7)`

func encodeRecordingRow(rec *Recording) (*encodedRecording, error) {
	data, truncated, err := encodeRecording(rec)
	if err != nil {
		return nil, err
	}
	return &encodedRecording{receiptID: rec.ReceiptID, appID: rec.AppID, version: rec.Version,
		startedAt: rec.StartedAt.UnixMicro(), truncated: truncated, data: data}, nil
}

func (r *encodedRecording) args() []any {
	return []any{r.receiptID, r.appID, r.version, r.startedAt, r.truncated, len(r.data), r.data}
}

// Recording returns the recording of one of an app's events.
func (e *Engine) Recording(ctx context.Context, appID, receiptID string) (*Recording, error) {
	var data []byte
	err := e.db.QueryRowContext(ctx, `SELECT data FROM recordings WHERE receipt_id = $1 AND app_id = $2`, receiptID, appID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errorf(CodeNotFound, "no recording of receipt %q for this app (events are recorded as SOUK_RECORDING says, and kept for SOUK_RECORDING_RETENTION)", receiptID)
	}
	if err != nil {
		return nil, err
	}
	return decodeRecording(data)
}

// PruneRecordings deletes recordings of events that started before
// now minus the retention, at most limit of them; it returns how many.
func (e *Engine) PruneRecordings(ctx context.Context, now time.Time, limit int) (int64, error) {
	keep := e.recording.Retention
	if keep <= 0 {
		keep = DefaultRecordingRetention
	}
	res, err := e.db.ExecContext(ctx, `DELETE FROM recordings WHERE receipt_id IN
		(SELECT receipt_id FROM recordings WHERE started_at < $1 ORDER BY started_at LIMIT $2)`, now.Add(-keep).UnixMicro(), limit)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
