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
//	[4-byte big-endian length N][1-byte kind][N-1 bytes of payload]
//	payload = [uvarint len][JSON header] ([uvarint len][blob])*
//
// Frames are size-capped on both ends: a reader refuses a frame longer than
// its cap without allocating it, so neither side can make the other allocate
// unbounded memory. The header is a small JSON object (debuggable); the
// large opaque parts — the script, handler arguments, the result, host-call
// arguments and answers — travel as raw blobs after it, so they are never
// escaped, re-validated or compacted by encoding/json on the hot path.

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

// blobber is a message with blob parts (fields tagged json:"-").
type blobber interface {
	blobs() [][]byte
	setBlobs([][]byte) error
}

// write sends v as one frame of the given kind: its JSON header, then its
// blobs if it has any.
func (fw *frameWriter) write(kind byte, v any) error {
	header, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sandbox: encode frame %q: %w", kind, err)
	}
	var blobs [][]byte
	if b, ok := v.(blobber); ok {
		blobs = b.blobs()
	}
	var lenBuf [binary.MaxVarintLen64]byte
	n := 1 + binary.PutUvarint(lenBuf[:], uint64(len(header))) + len(header)
	for _, b := range blobs {
		n += binary.PutUvarint(lenBuf[:], uint64(len(b))) + len(b)
	}
	if n > fw.max {
		return fmt.Errorf("%w: %d > %d bytes", errFrameTooLarge, n, fw.max)
	}
	var hdr [5]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(n))
	hdr[4] = kind
	fw.w.Write(hdr[:])
	fw.w.Write(lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(header)))])
	fw.w.Write(header)
	for _, b := range blobs {
		fw.w.Write(lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(b)))])
		fw.w.Write(b)
	}
	return fw.w.Flush() // bufio keeps the first write error
}

// decodeFrame parses a frame payload into v (header and blobs). The blobs
// alias payload.
func decodeFrame(payload []byte, v any) error {
	hl, k := binary.Uvarint(payload)
	if k <= 0 || hl > uint64(len(payload)-k) {
		return errors.New("sandbox: malformed frame header")
	}
	header, rest := payload[k:k+int(hl)], payload[k+int(hl):]
	if err := json.Unmarshal(header, v); err != nil {
		return fmt.Errorf("sandbox: decode frame header: %w", err)
	}
	var blobs [][]byte
	for len(rest) > 0 {
		bl, k := binary.Uvarint(rest)
		if k <= 0 || bl > uint64(len(rest)-k) {
			return errors.New("sandbox: malformed frame blob")
		}
		blobs = append(blobs, rest[k:k+int(bl):k+int(bl)])
		rest = rest[k+int(bl):]
	}
	if b, ok := v.(blobber); ok {
		return b.setBlobs(blobs)
	}
	if len(blobs) > 0 {
		return errors.New("sandbox: unexpected blobs in frame")
	}
	return nil
}

var errBlobCount = errors.New("sandbox: wrong number of blobs in frame")

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
	MaxMemory      int64 `json:"mm"`
}

// runMsg blobs: the script (empty when the worker should have Hash), then
// one blob per handler argument.
type runMsg struct {
	Event   uint64            `json:"e"`
	Hash    string            `json:"h"`
	Script  string            `json:"-"`
	Handler string            `json:"f"`
	Args    []json.RawMessage `json:"-"`
	Limits  wireLimits        `json:"l"`
	// CompileOnly asks the worker to compile (and cache) the script and
	// report, running nothing (Pool.Compile).
	CompileOnly bool `json:"co,omitempty"`
	// Inst is the event's installation; with Warm, the worker runs it in
	// the installation's warm runtime for this bundle, if it has one, and
	// may keep the runtime for the installation's next event. Without
	// Warm (or without Inst) the event gets a fresh runtime, discarded after.
	Inst string    `json:"i,omitempty"`
	Warm *wireWarm `json:"w,omitempty"`
	// Nd makes the event's nondeterminism reproducible (worker_nondet.go).
	Nd *wireNondet `json:"nd,omitempty"`
}

// wireWarm is WarmPolicy as sent to a worker with each run.
type wireWarm struct {
	MaxEvents int   `json:"n"`  // events a runtime serves before it is discarded
	IdleMs    int64 `json:"id"` // a runtime unused this long is discarded
	PerWorker int   `json:"pw"` // warm runtimes a worker keeps (least recently used go first)
}

func (m *runMsg) blobs() [][]byte {
	out := make([][]byte, 0, 1+len(m.Args))
	out = append(out, []byte(m.Script))
	for _, a := range m.Args {
		out = append(out, a)
	}
	return out
}

func (m *runMsg) setBlobs(b [][]byte) error {
	if len(b) < 1 {
		return errBlobCount
	}
	m.Script = string(b[0])
	m.Args = make([]json.RawMessage, len(b)-1)
	for i := range m.Args {
		m.Args[i] = b[i+1]
	}
	return nil
}

// replyMsg blob: the result JSON (absent with Err).
type replyMsg struct {
	Event  uint64          `json:"e"`
	Call   uint64          `json:"c"`
	Result json.RawMessage `json:"-"`
	Err    *HostError      `json:"x,omitempty"`
}

func (m *replyMsg) blobs() [][]byte           { return optionalBlob(m.Result) }
func (m *replyMsg) setBlobs(b [][]byte) error { return setOptionalBlob(b, (*[]byte)(&m.Result)) }

func optionalBlob(b []byte) [][]byte {
	if len(b) == 0 {
		return nil
	}
	return [][]byte{b}
}

func setOptionalBlob(b [][]byte, dst *[]byte) error {
	switch len(b) {
	case 0:
		return nil
	case 1:
		*dst = b[0]
		return nil
	}
	return errBlobCount
}

type cancelMsg struct {
	Event uint64 `json:"e"`
}

type helloMsg struct {
	PID int `json:"pid"`
}

// callMsg blob: the arguments JSON.
type callMsg struct {
	Event uint64          `json:"e"`
	Call  uint64          `json:"c"`
	Name  string          `json:"n"`
	Args  json.RawMessage `json:"-"`
}

func (m *callMsg) blobs() [][]byte           { return optionalBlob(m.Args) }
func (m *callMsg) setBlobs(b [][]byte) error { return setOptionalBlob(b, (*[]byte)(&m.Args)) }

type needScriptMsg struct {
	Event uint64 `json:"e"`
	Hash  string `json:"h"`
}

// doneMsg is the worker's report of an event. Outcome is one of the
// worker-side outcomes (ok, error, timeout, unsettled, too_large, canceled).
// Its blob is the result JSON, for ok.
type doneMsg struct {
	Event       uint64          `json:"e"`
	Outcome     string          `json:"o"`
	Value       json.RawMessage `json:"-"`
	Err         *wireError      `json:"x,omitempty"`
	Logs        []LogLine       `json:"lg,omitempty"`
	LogsDropped int             `json:"ld,omitempty"`
	HostCalls   int             `json:"hc,omitempty"`
	CPUMicros   int64           `json:"cpu"`
	Compiled    bool            `json:"cc,omitempty"`
	CompileUs   int64           `json:"ct,omitempty"`
	MemoryBytes int64           `json:"mb,omitempty"` // peak heap the event held (see worker_memory.go)
	AllocBytes  int64           `json:"ab,omitempty"` // heap bytes it allocated
	Warm        bool            `json:"wm,omitempty"` // the event ran in a warm runtime (the bundle's top level did not run)
	Discard     string          `json:"dr,omitempty"` // why the runtime was not kept warm after the event (for tests and logs)
	// With a run's Nd (worker_nondet.go): the clock values a recorded
	// event read, whether there were more, and a replay's reads beyond
	// the recorded ones.
	Clock        []int64 `json:"ck,omitempty"`
	ClockTrunc   bool    `json:"ckt,omitempty"`
	ClockOverrun int     `json:"cko,omitempty"`
}

// wireError is an app error as the worker saw it: the JS stack is in
// generated-script coordinates; the host maps it through the source map.
type wireError struct {
	Name    string `json:"n"`
	Message string `json:"m"`
	Stack   string `json:"s,omitempty"`
}

func (m *doneMsg) blobs() [][]byte           { return optionalBlob(m.Value) }
func (m *doneMsg) setBlobs(b [][]byte) error { return setOptionalBlob(b, (*[]byte)(&m.Value)) }
