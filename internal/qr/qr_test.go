package qr

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

func TestPNGAndSVGDrawTheSameModules(t *testing.T) {
	const url = "https://souk.example/l/AB12CD34"
	p, err := PNG(url, 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(p))
	if err != nil || img.Bounds().Dx() != 256 {
		t.Fatalf("png: %v %v", err, img.Bounds())
	}
	s, err := SVG(url, `Link <AB12CD34> & "more"`)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := qrcode.New(url, qrcode.Medium)
	dark := 0
	for _, row := range q.Bitmap() {
		for _, v := range row {
			if v {
				dark++
			}
		}
	}
	// Every dark module is inside exactly one run: the path's unit heights
	// add up to the dark module count through the runs' widths.
	runs, width := 0, 0
	for _, seg := range strings.Split(strings.SplitN(strings.SplitN(string(s), `d="`, 2)[1], `"`, 2)[0], "z") {
		if seg == "" {
			continue
		}
		var x, y, w, w2 int
		if _, err := fmt.Sscanf(seg, "M%d %dh%dv1h-%d", &x, &y, &w, &w2); err != nil || w != w2 {
			t.Fatalf("segment %q: %v", seg, err)
		}
		runs++
		width += w
	}
	if width != dark || runs == 0 {
		t.Fatalf("svg draws %d modules in %d runs; the code has %d", width, runs, dark)
	}
	if !strings.Contains(string(s), "<title>Link &lt;AB12CD34&gt; &amp; &quot;more&quot;</title>") {
		t.Fatalf("title not escaped: %s", s[:200])
	}
	if _, err := PNG(strings.Repeat("x", MaxText+1), 256); err == nil {
		t.Fatal("an overlong text was encoded")
	}
	if _, err := PNG(url, 10); err == nil {
		t.Fatal("a tiny PNG was drawn")
	}
}
