package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/soukhq/souk/store"
)

// Idempotency keys, as Stripe has them: a client sends Idempotency-Key on any
// unsafe request (POST, PUT, PATCH, DELETE) made as a signed-in caller, and a
// retry with the same key and the same request (method, path, query and body
// bytes) gets the first response again — status, headers and body — with
// Idempotent-Replayed: true. The same key with another request is 409
// idempotency_key_reused. Keys are scoped per caller (user) and kept at least
// IdempotencyKeyTTL; PruneIdempotencyKeys deletes them after.
//
// Atomicity. The request runs inside one database transaction
// (store.BeginRequest): the key's row is inserted first, every write the
// handler makes joins the transaction, and the response is written to the
// row before the one commit. A crash anywhere before the commit leaves
// nothing — neither effect nor key — so the retry runs the request afresh; a
// crash after it leaves both, so the retry replays. There is no window in
// which the effect exists without its record.
//
// Concurrency. A duplicate sent while the first is still running blocks on
// the first's uncommitted row (PostgreSQL's unique index; SQLite's single
// writer) and then replays its response; on PostgreSQL it waits at most
// idempotencyWait and then answers 409 idempotency_key_in_use.
//
// What is recorded. Responses below 500 are recorded with their effects
// (a validation error or insufficient_funds replays as such: send a new key
// for a corrected request). A 5xx is not recorded and its effects are rolled
// back, so the retry runs again; a 429 keeps its effects (rate-limit and
// lockout counters) but not the key. Public routes (sign-up, log-in, carrier
// webhooks) have no caller to scope a key to and ignore the header.
const (
	IdempotencyHeader = "Idempotency-Key"
	// IdempotencyKeyTTL is how long a key is kept at least (Stripe: 24 hours).
	IdempotencyKeyTTL = 24 * time.Hour

	idempotencyReplayed = "Idempotent-Replayed"
	idempotencyMaxKey   = 255
	idempotencyWait     = 5 * time.Second
	idempotencyAttempts = 5
)

// idempotencyParam documents the header on every operation that honours it.
var idempotencyParam = &huma.Param{
	Name: IdempotencyHeader,
	In:   "header",
	Description: "Makes the request safe to retry: a retry with the same key and the same request returns the first " +
		"response (with Idempotent-Replayed: true); the same key with another request is 409 idempotency_key_reused. " +
		"Scoped per caller, kept at least 24 hours. 1–255 printable ASCII characters (a UUID is a good choice).",
	Schema: &huma.Schema{Type: "string", MinLength: intPtr(1), MaxLength: intPtr(idempotencyMaxKey)},
}

func intPtr(n int) *int { return &n }

func unsafeMethod(m string) bool {
	return m == http.MethodPost || m == http.MethodPut || m == http.MethodPatch || m == http.MethodDelete
}

func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > idempotencyMaxKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// storedResponse is a recorded response.
type storedResponse struct {
	status  int
	headers []headerOp
	body    []byte
}

type headerOp struct {
	Append bool   `json:"append,omitempty"`
	Name   string `json:"name"`
	Value  string `json:"value"`
}

// idempotent is the huma middleware Register puts after the access check on
// every unsafe operation behind sign-in.
func (s *Server) idempotent(ctx huma.Context, next func(huma.Context)) {
	key := ctx.Header(IdempotencyHeader)
	caller, signedIn := CallerFrom(ctx.Context())
	if key == "" || !signedIn || s.DB == nil {
		next(ctx)
		return
	}
	if !validIdempotencyKey(key) {
		writeErr(s.API, ctx, Fail(http.StatusBadRequest, "idempotency_key_invalid",
			IdempotencyHeader+" must be 1 to 255 printable ASCII characters"))
		return
	}
	u := ctx.URL()
	path := u.Path
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	h := sha256.New()
	h.Write([]byte(ctx.Method() + " " + path + "\n"))
	h.Write(humafiber.Unwrap(ctx).Body())
	hash := hex.EncodeToString(h.Sum(nil))

	for attempt := 1; ; attempt++ {
		done, retry := s.runIdempotent(ctx, next, caller.User.ID, key, hash, path)
		if done {
			return
		}
		if attempt == idempotencyAttempts {
			s.Log.Error("idempotent request kept conflicting", "error", retry.Error(), "path", ctx.Operation().Path)
			writeErr(s.API, ctx, Fail(http.StatusServiceUnavailable, "busy", "the request conflicted with others too often; retry it with the same key"))
			return
		}
		time.Sleep(time.Duration(attempt*attempt) * 5 * time.Millisecond)
	}
}

// runIdempotent makes one attempt; retry is the engine's reason to try again
// (a serialization failure or deadlock), with nothing committed.
func (s *Server) runIdempotent(ctx huma.Context, next func(huma.Context), userID, key, hash, path string) (done bool, retry error) {
	fail := func(err error) (bool, error) {
		if store.IsRetryable(err) {
			return false, err
		}
		s.Log.Error("idempotency key", "error", err.Error())
		writeErr(s.API, ctx, Fail(http.StatusInternalServerError, "internal", "something went wrong on our side; it has been logged"))
		return true, nil
	}
	rctx, rt, err := s.DB.BeginRequest(ctx.Context())
	if err != nil {
		return fail(err)
	}
	defer rt.Rollback()
	tx := rt.Tx()
	now := time.Now()

	// Claim the key. On PostgreSQL a concurrent holder of the same key makes
	// this wait (bounded by lock_timeout); on SQLite the writer is ours.
	if tx.Dialect == store.Postgres {
		if _, err := tx.ExecContext(rctx, "SET LOCAL lock_timeout = '"+strconv.Itoa(int(idempotencyWait/time.Millisecond))+"ms'"); err != nil {
			return fail(err)
		}
	}
	res, err := tx.ExecContext(rctx, `INSERT INTO idempotency_keys (user_id, idem_key, request_hash, method, path, body, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, idem_key) DO NOTHING`,
		userID, key, hash, ctx.Method(), path, []byte{}, now.UnixMicro(), now.Add(IdempotencyKeyTTL).UnixMicro())
	if err != nil {
		if pgErr := (*pgconn.PgError)(nil); errors.As(err, &pgErr) && pgErr.Code == "55P03" {
			writeErr(s.API, ctx, Fail(http.StatusConflict, "idempotency_key_in_use", "a request with this "+IdempotencyHeader+" is still running; retry it later"))
			return true, nil
		}
		return fail(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var got storedResponse
		var gotHash, headers string
		err := tx.QueryRowContext(rctx, `SELECT request_hash, status, headers, body FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2`,
			userID, key).Scan(&gotHash, &got.status, &headers, &got.body)
		if errors.Is(err, sql.ErrNoRows) {
			return false, errors.New("idempotency key vanished") // pruned meanwhile: claim it afresh
		}
		if err != nil {
			return fail(err)
		}
		_ = rt.Rollback()
		if gotHash != hash {
			writeErr(s.API, ctx, Fail(http.StatusConflict, "idempotency_key_reused",
				"this "+IdempotencyHeader+" was used for another request; use a new key for a new request"))
			return true, nil
		}
		_ = json.Unmarshal([]byte(headers), &got.headers)
		got.write(ctx, true)
		return true, nil
	}
	if tx.Dialect == store.Postgres {
		if _, err := tx.ExecContext(rctx, "SET LOCAL lock_timeout = 0"); err != nil {
			return fail(err)
		}
	}

	rec := &recorder{humaContext: ctx, ctx: rctx}
	next(rec)
	if err := rt.Retryable(); err != nil {
		return false, err
	}
	switch {
	case rec.status >= 500:
		// Not recorded, effects rolled back: the retry runs it again.
		_ = rt.Rollback()
		rec.response().write(ctx, false)
		return true, nil
	case rec.status == http.StatusTooManyRequests:
		_, err = tx.ExecContext(rctx, `DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2`, userID, key)
	default:
		hj, _ := json.Marshal(rec.headers)
		_, err = tx.ExecContext(rctx, `UPDATE idempotency_keys SET status = $3, headers = $4, body = $5 WHERE user_id = $1 AND idem_key = $2`,
			userID, key, rec.status, string(hj), append([]byte{}, rec.body.Bytes()...))
	}
	if err != nil {
		return fail(err)
	}
	if err := rt.Commit(); err != nil {
		return fail(err)
	}
	rec.response().write(ctx, false)
	return true, nil
}

func (r storedResponse) write(ctx huma.Context, replayed bool) {
	for _, h := range r.headers {
		if h.Append {
			ctx.AppendHeader(h.Name, h.Value)
		} else {
			ctx.SetHeader(h.Name, h.Value)
		}
	}
	if replayed {
		ctx.SetHeader(idempotencyReplayed, "true")
	}
	status := r.status
	if status == 0 {
		status = http.StatusNoContent
	}
	ctx.SetStatus(status)
	if len(r.body) > 0 {
		_, _ = ctx.BodyWriter().Write(r.body)
	}
}

type humaContext = huma.Context

// recorder holds a handler's response until the transaction has committed
// (or been rolled back to run again), so nothing reaches the client early.
type recorder struct {
	humaContext
	ctx     context.Context
	status  int
	headers []headerOp
	body    bytes.Buffer
}

func (r *recorder) Context() context.Context { return r.ctx }
func (r *recorder) Unwrap() huma.Context     { return r.humaContext }
func (r *recorder) SetStatus(code int)       { r.status = code }
func (r *recorder) Status() int              { return r.status }
func (r *recorder) BodyWriter() io.Writer    { return &r.body }
func (r *recorder) SetHeader(name, value string) {
	r.headers = append(r.headers, headerOp{Name: name, Value: value})
}
func (r *recorder) AppendHeader(name, value string) {
	r.headers = append(r.headers, headerOp{Append: true, Name: name, Value: value})
}

func (r *recorder) response() storedResponse {
	return storedResponse{status: r.status, headers: r.headers, body: r.body.Bytes()}
}

// PruneIdempotencyKeys deletes keys past their retention (at most limit of
// them) and returns how many; host's maintenance sweep calls it.
func PruneIdempotencyKeys(ctx context.Context, db *store.DB, now time.Time, limit int) (int, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE (user_id, idem_key) IN
		(SELECT user_id, idem_key FROM idempotency_keys WHERE expires_at < $1 LIMIT $2)`, now.UnixMicro(), limit)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
