package realtime

import (
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/chat"
)

// Frames name their fields as REST bodies do and carry times as RFC 3339
// strings (they were camelCase with Unix milliseconds).
func TestFramesAreSnakeCaseWithRFC3339Times(t *testing.T) {
	at := time.Date(2026, 12, 3, 8, 0, 0, 123000, time.FixedZone("x", 3600))
	b := string(encodeEvent(&chat.Event{Type: chat.EventTyping, ConversationID: "cnv_1", UserID: "usr_1", At: at}))
	for _, want := range []string{`"conversation_id":"cnv_1"`, `"user_id":"usr_1"`, `"at":"2026-12-03T07:00:00.000123Z"`} {
		if !strings.Contains(b, want) {
			t.Errorf("frame %s lacks %s", b, want)
		}
	}
}
