package runtime

import (
	"context"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

const maxLogMessageBytes = 4 << 10

type logArgs struct {
	Message string                    `json:"message"`
	Fields  map[string]jsontext.Value `json:"fields"`
}

// LogAPIs are log.debug/info/warn/error (the SDK's log.* helpers). Lines
// are kept with the event's receipt within its log budget; lines past it
// are counted as dropped, not failed: logging must never break an event.
func LogAPIs() []HostAPI {
	var apis []HostAPI
	for _, level := range []string{"debug", "info", "warn", "error"} {
		apis = append(apis, DefineAPI("log."+level, "log", func(ctx context.Context, ev *HostEvent, a logArgs) (any, error) {
			if len(a.Message) > maxLogMessageBytes {
				return nil, HostErr(CodeInvalidArgs, "log.%s: message is %d bytes; the limit is %d", level, len(a.Message), maxLogMessageBytes)
			}
			e := LogEntry{Source: LogSourceLog, Level: level, Message: a.Message}
			if len(a.Fields) > 0 {
				b, err := json.Marshal(a.Fields, json.Deterministic(true))
				if err != nil {
					return nil, HostErr(CodeInvalidArgs, "log.%s: fields are not JSON", level)
				}
				e.Fields = b
			}
			if b := ev.bridge; b != nil {
				e.AtMicros = time.Since(b.start).Microseconds()
				b.addLog(e)
			}
			return nil, nil
		}))
	}
	return apis
}
