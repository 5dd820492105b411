package runtime

import (
	"context"
	"database/sql"
	"encoding/base64"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/sandbox"
)

// OutcomeInvalidView is a receipt outcome beyond the sandbox's: the
// handler returned JSON that is not a valid view (or action result). It is
// the app's error, reported to its developer like a throw.
const OutcomeInvalidView = "invalid_view"

// Where a receipt's log line came from.
const (
	LogSourceConsole = "console" // console.log and friends, captured by the sandbox
	LogSourceLog     = "log"     // the log.* host API
)

// CodeNotFound and CodeInvalidCursor are errors of the receipt queries.
const (
	CodeNotFound      = "not_found"
	CodeInvalidCursor = "invalid_cursor"
)

// LogEntry is one captured line of an event.
type LogEntry struct {
	Seq      int                `json:"seq"`
	Source   string             `json:"source" enum:"console,log"`
	Level    string             `json:"level"`
	Message  string             `json:"message"`
	Fields   stdjson.RawMessage `json:"fields,omitempty"`
	AtMicros int64              `json:"elapsed_us" doc:"Microseconds since the event started"`
}

// Receipt is the record of one event, kept for the app's developer.
type Receipt struct {
	ID             string           `json:"id"`
	AppID          string           `json:"app_id"`
	Version        string           `json:"version"`
	InstallationID string           `json:"installation_id"`
	Event          string           `json:"event" doc:"The handler that ran: render, action, …"`
	Outcome        string           `json:"outcome" doc:"ok, error, timeout, memory_limit, unsettled, too_large, canceled, killed, crashed, quarantined, overloaded or invalid_view"`
	Reason         string           `json:"reason,omitempty"`
	Error          *sandbox.JSError `json:"error,omitempty" doc:"On failure: the error, with the stack mapped to the original sources"`
	BundleHash     string           `json:"bundle_hash"`
	StartedAt      time.Time        `json:"started_at"`
	WallMicros     int64            `json:"wall_us" doc:"Wall-clock time from the request to run the event to its end: waiting for a sandbox worker, compiling (compile_us) and running, host calls included"`
	QueueMicros    int64            `json:"queue_us" doc:"Part of wall_us spent waiting for a sandbox worker: behind the app's own events over its share of the pool, then for a free worker"`
	CPUMicros      int64            `json:"cpu_us" doc:"CPU time the worker spent on the event (garbage collection included); reported, not limited"`
	CompileMicros  int64            `json:"compile_us"`
	HostCalls      int              `json:"host_calls"`
	BytesIn        int64            `json:"bytes_in"`
	BytesOut       int64            `json:"bytes_out"`
	LogLines       int              `json:"log_lines"`
	LogsDropped    int              `json:"logs_dropped"`
	MemoryBytes    int64            `json:"memory_bytes" doc:"The most heap the event held, as the sandbox measured it at garbage collections during the event; if none ran, the bytes it allocated (an upper bound). limits.memory_mb bounds it"`
	AllocBytes     int64            `json:"alloc_bytes" doc:"Heap bytes the event allocated, garbage included"`
	Limits         *ReceiptLimits   `json:"limits,omitempty" doc:"The limits the event ran under (absent on receipts older than this field)"`
	Runtime        string           `json:"runtime,omitempty" enum:"cold,warm" doc:"warm: the event ran in the installation's runtime kept from an earlier event (the bundle's top level did not run again; module-level state persists); cold: in a new runtime. Absent when no runtime ran it (refused, crashed) and on older receipts"`
	Logs           []LogEntry       `json:"logs,omitempty"`
}

// ReceiptLimits are the limits an event ran under: souk.json's, with the
// platform defaults filled in.
type ReceiptLimits struct {
	TimeoutMs int `json:"timeout_ms" doc:"Wall-clock deadline in milliseconds (not CPU time) for running the event in its worker: the bundle's script and the handler, host calls included; waiting for a worker and compiling are not counted"`
	MemoryMB  int `json:"memory_mb" doc:"Heap the event may hold, in MiB, beyond what the sandbox worker holds when idle"`
	HostCalls int `json:"host_calls"`
	LogBytes  int `json:"log_bytes"`
	ViewBytes int `json:"view_bytes"`
}

// ReceiptFilter selects an app's receipts. Zero fields do not filter.
type ReceiptFilter struct {
	AppID          string // required
	InstallationID string
	Outcome        string
	Event          string
	Since, Until   time.Time // Since inclusive, Until exclusive
	Cursor         string    // from the previous page's Next, or CursorAfter
	Limit          int       // 1-200, default 50
}

// ReceiptPage is one page of receipts, newest first.
type ReceiptPage struct {
	Receipts []Receipt `json:"receipts"`
	Next     string    `json:"next,omitempty" doc:"Cursor of the next (older) page; absent on the last page"`
}

const receiptColumns = `id, app_id, version, installation_id, event, outcome, reason, error, bundle_hash, started_at,
	wall_us, cpu_us, compile_us, host_calls, bytes_in, bytes_out, log_lines, logs_dropped, memory_bytes, alloc_bytes, limits, queue_us, runtime`

func scanReceipt(row interface{ Scan(...any) error }) (Receipt, error) {
	var r Receipt
	var errJSON, limitsJSON sql.NullString
	var started int64
	err := row.Scan(&r.ID, &r.AppID, &r.Version, &r.InstallationID, &r.Event, &r.Outcome, &r.Reason, &errJSON, &r.BundleHash,
		&started, &r.WallMicros, &r.CPUMicros, &r.CompileMicros, &r.HostCalls, &r.BytesIn, &r.BytesOut, &r.LogLines, &r.LogsDropped,
		&r.MemoryBytes, &r.AllocBytes, &limitsJSON, &r.QueueMicros, &r.Runtime)
	if err != nil {
		return r, err
	}
	if limitsJSON.Valid {
		r.Limits = &ReceiptLimits{}
		if err := stdjson.Unmarshal([]byte(limitsJSON.String), r.Limits); err != nil {
			return r, err
		}
	}
	r.StartedAt = time.UnixMicro(started).UTC()
	if errJSON.Valid {
		r.Error = &sandbox.JSError{}
		if err := stdjson.Unmarshal([]byte(errJSON.String), r.Error); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Receipts lists an app's receipts, newest first, one page at a time.
func (e *Engine) Receipts(ctx context.Context, f ReceiptFilter) (ReceiptPage, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where := []string{"app_id = $1"}
	args := []any{f.AppID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.InstallationID != "" {
		add("installation_id = ?", f.InstallationID)
	}
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if f.Event != "" {
		add("event = ?", f.Event)
	}
	if !f.Since.IsZero() {
		add("started_at >= ?", f.Since.UnixMicro())
	}
	if !f.Until.IsZero() {
		add("started_at < ?", f.Until.UnixMicro())
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return ReceiptPage{}, err
		}
		args = append(args, at, id)
		n := len(args)
		where = append(where, fmt.Sprintf("(started_at < $%d OR (started_at = $%d AND id < $%d))", n-1, n-1, n))
	}
	args = append(args, f.Limit+1)
	q := `SELECT ` + receiptColumns + ` FROM receipts WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY started_at DESC, id DESC LIMIT $` + strconv.Itoa(len(args))
	rows, err := e.db.QueryContext(ctx, q, args...)
	if err != nil {
		return ReceiptPage{}, err
	}
	defer rows.Close()
	page := ReceiptPage{Receipts: []Receipt{}}
	for rows.Next() {
		r, err := scanReceipt(rows)
		if err != nil {
			return ReceiptPage{}, err
		}
		page.Receipts = append(page.Receipts, r)
	}
	if err := rows.Err(); err != nil {
		return ReceiptPage{}, err
	}
	if len(page.Receipts) > f.Limit {
		page.Receipts = page.Receipts[:f.Limit]
		last := page.Receipts[f.Limit-1]
		page.Next = encodeCursor(last.StartedAt.UnixMicro(), last.ID)
	}
	return page, nil
}

// Receipt returns one of an app's receipts with its log lines.
func (e *Engine) Receipt(ctx context.Context, appID, id string) (Receipt, error) {
	r, err := scanReceipt(e.db.QueryRowContext(ctx, `SELECT `+receiptColumns+` FROM receipts WHERE id = $1 AND app_id = $2`, id, appID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errorf(CodeNotFound, "no receipt %q for this app", id)
	}
	if err != nil {
		return r, err
	}
	rows, err := e.db.QueryContext(ctx, `SELECT seq, source, level, message, fields, at_us FROM receipt_logs WHERE receipt_id = $1 ORDER BY seq`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	r.Logs = []LogEntry{}
	for rows.Next() {
		var l LogEntry
		var fields sql.NullString
		if err := rows.Scan(&l.Seq, &l.Source, &l.Level, &l.Message, &fields, &l.AtMicros); err != nil {
			return r, err
		}
		if fields.Valid {
			l.Fields = stdjson.RawMessage(fields.String)
		}
		r.Logs = append(r.Logs, l)
	}
	return r, rows.Err()
}

// CursorAfter is the cursor of the receipts after r, in the pages' order.
func CursorAfter(r Receipt) string { return encodeCursor(r.StartedAt.UnixMicro(), r.ID) }

func encodeCursor(at int64, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at, 10) + "." + id))
}

func decodeCursor(c string) (int64, string, error) {
	bad := errorf(CodeInvalidCursor, "cursor is not one this API returned")
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", bad
	}
	at, id, ok := strings.Cut(string(b), ".")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || id == "" {
		return 0, "", bad
	}
	return n, id, nil
}
