// Package qr draws QR codes for souk's short links and payment codes: PNG
// through github.com/skip2/go-qrcode, and SVG from the same library's module
// bitmap (one path of unit squares, so any size scales crisply). Both use
// error correction level M (15 %), enough for a printed code that gets a
// little scuffed.
package qr

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// MaxText is the longest text encoded (a URL); longer is refused.
const MaxText = 512

func code(text string) (*qrcode.QRCode, error) {
	if text == "" || len(text) > MaxText {
		return nil, fmt.Errorf("qr: text of %d bytes (1..%d)", len(text), MaxText)
	}
	return qrcode.New(text, qrcode.Medium)
}

// PNG returns text as a size×size PNG (size 64..1024).
func PNG(text string, size int) ([]byte, error) {
	if size < 64 || size > 1024 {
		return nil, fmt.Errorf("qr: size %d (64..1024)", size)
	}
	q, err := code(text)
	if err != nil {
		return nil, err
	}
	return q.PNG(size)
}

// SVG returns text as an SVG document: a white square with the dark modules
// as one path, the quiet zone included, titled with title.
func SVG(text, title string) ([]byte, error) {
	q, err := code(text)
	if err != nil {
		return nil, err
	}
	bm := q.Bitmap() // includes the 4-module quiet zone
	n := len(bm)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img">`, n, n)
	b.WriteString("<title>")
	b.WriteString(escape(title))
	b.WriteString("</title>")
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
