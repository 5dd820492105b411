package sandbox

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"testing"
)

func TestFrameRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	fw := newFrameWriter(&buf, 1<<10)
	if err := fw.write(kindCall, &callMsg{Event: 7, Call: 1, Name: "storage.get", Args: []byte(`{"key":"k"}`)}); err != nil {
		t.Fatal(err)
	}
	run := &runMsg{Event: 8, Hash: "h", Script: "var x = \"1\";\n", Handler: "render", Args: []json.RawMessage{[]byte(`"home"`), []byte(`{"a":[1]}`)}}
	if err := fw.write(kindRun, run); err != nil {
		t.Fatal(err)
	}
	if err := fw.write(kindCancel, &cancelMsg{Event: 7}); err != nil {
		t.Fatal(err)
	}
	fr := newFrameReader(&buf, 1<<10)
	kind, payload, err := fr.read()
	var call callMsg
	if err != nil || kind != kindCall || decodeFrame(payload, &call) != nil || call.Name != "storage.get" || string(call.Args) != `{"key":"k"}` {
		t.Fatalf("%q %+v %v", kind, call, err)
	}
	kind, payload, err = fr.read()
	var got runMsg
	if err != nil || kind != kindRun || decodeFrame(payload, &got) != nil || got.Script != run.Script || len(got.Args) != 2 ||
		string(got.Args[1]) != `{"a":[1]}` || got.Handler != "render" || got.Event != 8 {
		t.Fatalf("%q %+v %v", kind, got, err)
	}
	if kind, _, err := fr.read(); err != nil || kind != kindCancel {
		t.Fatalf("%q %v", kind, err)
	}
	if _, _, err := fr.read(); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
}

func TestFrameCaps(t *testing.T) {
	var buf bytes.Buffer
	fw := newFrameWriter(&buf, 16)
	if err := fw.write(kindDone, &doneMsg{Outcome: "a very long outcome string"}); !errors.Is(err, errFrameTooLarge) {
		t.Fatalf("writer: %v", err)
	}
	if buf.Len() != 0 {
		t.Fatal("an oversized frame was partly written")
	}
	// A reader refuses a huge announced length without allocating it.
	var hdr [5]byte
	binary.BigEndian.PutUint32(hdr[:4], 1<<31)
	hdr[4] = kindDone
	if _, _, err := newFrameReader(bytes.NewReader(hdr[:]), 1<<20).read(); !errors.Is(err, errFrameTooLarge) {
		t.Fatalf("reader: %v", err)
	}
	binary.BigEndian.PutUint32(hdr[:4], 0)
	if _, _, err := newFrameReader(bytes.NewReader(hdr[:4]), 1<<20).read(); err == nil {
		t.Fatal("empty frame accepted")
	}
	// Malformed payloads are errors, not panics.
	for _, p := range [][]byte{{}, {0xff}, {5, '{', '}'}, {2, '{', '}', 9, 'x'}} {
		var m doneMsg
		if decodeFrame(p, &m) == nil {
			t.Errorf("payload %q accepted", p)
		}
	}
	// A truncated frame is an error, not a hang or a short payload.
	binary.BigEndian.PutUint32(hdr[:4], 10)
	if _, _, err := newFrameReader(bytes.NewReader(append(hdr[:], 'x')), 1<<20).read(); err == nil {
		t.Fatal("truncated frame accepted")
	}
}
