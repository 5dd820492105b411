package api

import "time"

// Every time on the wire is an RFC 3339 string with its offset (UTC, "Z"),
// as the store's Unix microseconds converted here (docs/API.md).

// ts converts a stored Unix µs time.
func ts(us int64) time.Time { return time.UnixMicro(us).UTC() }

// tsPtr converts an optional stored time: nil (absent) when zero.
func tsPtr(us int64) *time.Time {
	if us == 0 {
		return nil
	}
	t := ts(us)
	return &t
}
