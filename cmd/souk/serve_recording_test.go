package main

import (
	"testing"
	"time"

	"github.com/soukhq/souk/runtime"
)

func TestRecordingFromEnv(t *testing.T) {
	for _, c := range []struct {
		sample, retention string
		want              runtime.RecordingConfig
	}{
		{"", "", runtime.RecordingConfig{}},
		{"1", "24h", runtime.RecordingConfig{Sample: 1, Retention: 24 * time.Hour}},
		{"0.25", "", runtime.RecordingConfig{Sample: 0.25}},
		{"0", "", runtime.RecordingConfig{Off: true}},
	} {
		t.Setenv("SOUK_RECORDING", c.sample)
		t.Setenv("SOUK_RECORDING_RETENTION", c.retention)
		if got, err := recordingFromEnv(); err != nil || got != c.want {
			t.Errorf("SOUK_RECORDING=%q SOUK_RECORDING_RETENTION=%q: %+v %v, want %+v", c.sample, c.retention, got, err, c.want)
		}
	}
	for _, bad := range [][2]string{{"2", ""}, {"-0.5", ""}, {"half", ""}, {"1", "soon"}, {"1", "-1h"}} {
		t.Setenv("SOUK_RECORDING", bad[0])
		t.Setenv("SOUK_RECORDING_RETENTION", bad[1])
		if _, err := recordingFromEnv(); err == nil {
			t.Errorf("SOUK_RECORDING=%q SOUK_RECORDING_RETENTION=%q accepted", bad[0], bad[1])
		}
	}
}
