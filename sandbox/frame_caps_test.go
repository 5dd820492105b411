package sandbox

import (
	"strconv"
	"strings"
	"testing"
)

// At the sandbox's own caps — the largest result, the most log text, the
// longest error — the worker's done frame must still fit: encoding/json
// writes '<', '>', '&' and control characters as six-byte escapes, and log
// text made of them once overflowed the frame cap and killed the worker.
func TestDoneFrameFitsAtCaps(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	caps := LimitCaps
	caps.Timeout = scaled(10 * caps.Timeout / 30) // 10 s, not the 30 s cap: the test must end
	line := strings.Repeat("<\x01", maxLogLine/2)
	for _, tt := range []struct{ name, body, outcome string }{
		// Logs at MaxLogBytes, each character escaped six-fold, plus a result at MaxResultBytes.
		{"ok", `const r = "x".repeat(` + itoa(caps.MaxResultBytes-2) + `); return r;`, OutcomeOK},
		// Logs at the cap plus the longest error message and stack.
		{"error", `const e = new Error(L.repeat(4)); e.stack = L.repeat(8); throw e;`, OutcomeError},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := `var L = ` + jsString(line) + `;
var __soukApp = { render() {
	for (let i = 0; i < ` + itoa(caps.MaxLogLines) + `; i++) console.log(L);
	` + tt.body + `
} };`
			res, err := p.Run(testCtx(t), Job{Script: []byte(app), Handler: "render", Limits: caps}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Receipt.Outcome != tt.outcome {
				t.Fatalf("outcome %q (%s), want %q", res.Receipt.Outcome, res.Receipt.Reason, tt.outcome)
			}
			logBytes := 0
			for _, l := range res.Logs {
				logBytes += len(l.Message)
			}
			if logBytes < caps.MaxLogBytes-maxLogLine {
				t.Fatalf("only %d bytes of logs kept; the test must fill the %d-byte cap", logBytes, caps.MaxLogBytes)
			}
		})
	}
	if p.WorkersStarted() != 1 {
		t.Fatalf("the worker died at the caps")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20:
			b.WriteString(`\x0` + string("0123456789abcdef"[r]))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
