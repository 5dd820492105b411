package sandbox

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The wire protocol between the host (Pool) and a worker process is a stream
// of frames over the worker's stdin/stdout:
//
//	[4-byte big-endian length N][1-byte kind][N-1 bytes of JSON payload]
//
// Frames are size-capped on both ends: a reader refuses a frame longer than
// its cap without allocating it, so neither side can make the other allocate
// unbounded memory. JSON keeps the protocol debuggable; payloads are small
// (args, results and logs are themselves capped).

// Frame kinds, host → worker.
const (
	kindRun    byte = 'R' // run an event (runMsg)
	kindReply  byte = 'P' // the answer to a host call (replyMsg)
	kindCancel byte = 'C' // stop an event early (cancelMsg)
)

// Frame kinds, worker → host.
const (
	kindHello      byte = 'H' // worker is up (helloMsg)
	kindCall       byte = 'K' // a host call from JS (callMsg)
	kindNeedScript byte = 'N' // the worker lacks the bundle for a hash (needScriptMsg)
	kindDone       byte = 'D' // the event ended (doneMsg)
)

// errFrameTooLarge is returned when a peer announces a frame over the cap.
var errFrameTooLarge = errors.New("sandbox: frame exceeds size cap")

// frameWriter writes frames; callers serialise access.
type frameWriter struct {
	w   *bufio.Writer
	max int
}

func newFrameWriter(w io.Writer, max int) *frameWriter {
	return &frameWriter{w: bufio.NewWriterSize(w, 64<<10), max: max}
}

// write encodes v as JSON and sends it as one frame of the given kind.
func (fw *frameWriter) write(kind byte, v any) error {
	payload, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sandbox: encode frame %q: %w", kind, err)
	}
	return fw.writeRaw(kind, payload)
}

func (fw *frameWriter) writeRaw(kind byte, payload []byte) error {
	n := len(payload) + 1
	if n > fw.max {
		return fmt.Errorf("%w: %d > %d bytes", errFrameTooLarge, n, fw.max)
	}
	var hdr [5]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(n))
	hdr[4] = kind
	if _, err := fw.w.Write(hdr[:]); err != nil {
		return err
	}
	if _, err := fw.w.Write(payload); err != nil {
		return err
	}
	return fw.w.Flush()
}

// frameReader reads frames; one goroutine owns it.
type frameReader struct {
	r   *bufio.Reader
	max int
}

func newFrameReader(r io.Reader, max int) *frameReader {
	return &frameReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// read returns the next frame's kind and payload. The payload is a fresh
// slice the caller may keep.
func (fr *frameReader) read() (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(fr.r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := int(binary.BigEndian.Uint32(hdr[:4]))
	if n < 1 {
		return 0, nil, errors.New("sandbox: empty frame")
	}
	if n > fr.max {
		return 0, nil, fmt.Errorf("%w: %d > %d bytes", errFrameTooLarge, n, fr.max)
	}
	payload := make([]byte, n-1)
	if _, err := io.ReadFull(fr.r, payload); err != nil {
		return 0, nil, err
	}
	return hdr[4], payload, nil
}

// wireLimits is Limits as sent to a worker (durations in milliseconds).
type wireLimits struct {
	TimeoutMs      int64 `json:"t"`
	MaxHostCalls   int   `json:"hc"`
	MaxCallBytes   int   `json:"cb"`
	MaxLogBytes    int   `json:"lb"`
	MaxLogLines    int   `json:"ll"`
	MaxResultBytes int   `json:"rb"`
	MaxCallStack   int   `json:"cs"`
	MaxTimers      int   `json:"tm"`
}

type runMsg struct {
	Event   uint64            `json:"e"`
	Hash    string            `json:"h"`
	Script  string            `json:"s,omitempty"` // only when the worker may not have Hash
	Handler string            `json:"f"`
	Args    []json.RawMessage `json:"a"`
	Limits  wireLimits        `json:"l"`
}

type replyMsg struct {
	Event  uint64          `json:"e"`
	Call   uint64          `json:"c"`
	Result json.RawMessage `json:"r,omitempty"`
	Err    *HostError      `json:"x,omitempty"`
}

type cancelMsg struct {
	Event uint64 `json:"e"`
}

type helloMsg struct {
	PID int `json:"pid"`
}

type callMsg struct {
	Event uint64          `json:"e"`
	Call  uint64          `json:"c"`
	Name  string          `json:"n"`
	Args  json.RawMessage `json:"a"`
}

type needScriptMsg struct {
	Event uint64 `json:"e"`
	Hash  string `json:"h"`
}

// doneMsg is the worker's report of an event. Outcome is one of the
// worker-side outcomes (ok, error, timeout, unsettled, too_large, canceled).
type doneMsg struct {
	Event       uint64          `json:"e"`
	Outcome     string          `json:"o"`
	Value       json.RawMessage `json:"v,omitempty"`
	Err         *wireError      `json:"x,omitempty"`
	Logs        []LogLine       `json:"lg,omitempty"`
	LogsDropped int             `json:"ld,omitempty"`
	HostCalls   int             `json:"hc,omitempty"`
	CPUMicros   int64           `json:"cpu"`
	Compiled    bool            `json:"cc,omitempty"`
	CompileUs   int64           `json:"ct,omitempty"`
}

// wireError is an app error as the worker saw it: the JS stack is in
// generated-script coordinates; the host maps it through the source map.
type wireError struct {
	Name    string `json:"n"`
	Message string `json:"m"`
	Stack   string `json:"s,omitempty"`
}
