package commerce

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// Carrier webhooks are signed by the carrier with its shared secret:
//
//	X-Carrier-Timestamp: Unix seconds
//	X-Carrier-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//
// A request whose timestamp is outside the replay window is refused even
// when correctly signed, so a captured request cannot be replayed later;
// within the window a resent event is recognised by its event id.
const (
	CarrierTimestampHeader = "X-Carrier-Timestamp"
	CarrierSignatureHeader = "X-Carrier-Signature"
)

// SignCarrierWebhook returns the X-Carrier-Signature value for body sent
// at ts (carriers and the simulated carrier sign with it).
func SignCarrierWebhook(secret string, ts time.Time, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts.Unix(), 10) + "."))
	m.Write(body)
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

// ReceiveWebhook verifies and applies one carrier webhook: the carrier is
// known, the signature matches its secret, the timestamp is within the
// replay window, the body is one tracking event for a known tracking
// number. Any failure changes nothing. A duplicate event id is accepted
// and ignored (Duplicate).
func (l *Logistics) ReceiveWebhook(ctx context.Context, carrier, timestamp, signature string, body []byte) (EventOutcome, error) {
	secret, ok := l.opts.CarrierSecrets[carrier]
	if !ok || !carrierRe.MatchString(carrier) {
		return EventOutcome{}, fail(ErrUnknownCarrier, "no carrier %q on this server", carrier)
	}
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || signature == "" {
		return EventOutcome{}, fail(ErrBadSignature, "%s and %s headers are required", CarrierTimestampHeader, CarrierSignatureHeader)
	}
	want := SignCarrierWebhook(secret, time.Unix(sec, 0), body)
	if subtle.ConstantTimeCompare([]byte(want), []byte(signature)) != 1 {
		return EventOutcome{}, fail(ErrBadSignature, "the signature does not match this body and timestamp")
	}
	if d := time.Since(time.Unix(sec, 0)); d > l.opts.ReplayWindow || d < -l.opts.ReplayWindow {
		return EventOutcome{}, fail(ErrStaleTimestamp, "the timestamp is %s away from now; the window is %s", d.Round(time.Second), l.opts.ReplayWindow)
	}
	var ev CarrierEvent
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&ev); err != nil || dec.More() {
		return EventOutcome{}, fail(ErrInvalid, "the body must be one JSON tracking event")
	}
	return l.applyCarrierEvent(ctx, carrier, ev)
}
