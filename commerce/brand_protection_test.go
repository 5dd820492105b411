package commerce

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// verify submits and approves a verification of brand.
func (e *env) verify(brand string) Verification {
	e.t.Helper()
	v, err := e.s.SubmitVerification(ctx, brand, e.user("owner"), VerificationInput{Registration: "TM-1"})
	if err != nil {
		e.t.Fatal(err)
	}
	v, err = e.s.ReviewVerification(ctx, v.ID, "usr_op", true, "documents match")
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func TestNameKeyFoldsLookAlikes(t *testing.T) {
	same := [][]string{
		{"Acme", "ACME", "A.C.M.E", "Ａｃｍｅ", "Асme" /* Cyrillic А, с */, "Αcmε" /* Greek Α, ε */, "Acmé"},
		{"Souk Tea", "S0uk Tea", "souk-tea", "Sоuk Tеa" /* Cyrillic о, е */, "5ouk tea"},
		{"Lily", "1i1y", "LILY", "|ily"},
		{"Modern", "Mode rn", "Modem"},
	}
	for _, group := range same {
		for _, n := range group[1:] {
			if NameKey(n) != NameKey(group[0]) {
				t.Errorf("%q folds to %q, %q to %q", n, NameKey(n), group[0], NameKey(group[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"Acme", "Acne"}, {"Souk", "Soak"}, {"Tea", "Tee"}} {
		if NameKey(pair[0]) == NameKey(pair[1]) {
			t.Errorf("%q and %q fold together", pair[0], pair[1])
		}
	}
	if NameKey("...") != "" {
		t.Errorf("punctuation folds to %q", NameKey("..."))
	}
}

// A verified brand's name is protected: a look-alike brand cannot be
// verified or pass CheckBrandName; requests are reviewed once; the badge
// follows the verification.
func TestBrandVerification(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner := e.user("owner")
		if e.s.BrandVerified(ctx, e.brand) {
			t.Fatal("verified before any request")
		}
		v, err := e.s.SubmitVerification(ctx, e.brand, owner, VerificationInput{Registration: "TM-123", Evidence: "trademark certificate"})
		if err != nil || v.Status != VerificationPending || v.Name != "Acme" {
			t.Fatalf("submit %+v %v", v, err)
		}
		_, err = e.s.SubmitVerification(ctx, e.brand, owner, VerificationInput{Registration: "TM-123"})
		wantCode(t, err, ErrVerificationPending.Code)
		_, err = e.s.SubmitVerification(ctx, e.other, owner, VerificationInput{Registration: ""})
		wantCode(t, err, ErrInvalid.Code)

		var doc bytes.Buffer
		_ = png.Encode(&doc, image.NewGray(image.Rect(0, 0, 8, 8)))
		v, err = e.s.AddVerificationDocument(ctx, e.brand, v.ID, "image/png", bytes.NewReader(doc.Bytes()))
		if err != nil || len(v.Documents) != 1 || !strings.HasPrefix(v.Documents[0], "verifications/") {
			t.Fatalf("document %+v %v", v, err)
		}
		_, err = e.s.AddVerificationDocument(ctx, e.other, v.ID, "image/png", bytes.NewReader(doc.Bytes()))
		wantCode(t, err, ErrVerificationNotFound.Code)

		q, err := e.s.Verifications(ctx, VerificationPending, 10)
		if err != nil || len(q) != 1 || q[0].ID != v.ID {
			t.Fatalf("queue %+v %v", q, err)
		}
		v, err = e.s.ReviewVerification(ctx, v.ID, "usr_op", true, "ok")
		if err != nil || v.Status != VerificationVerified || v.ReviewedBy != "usr_op" {
			t.Fatalf("review %+v %v", v, err)
		}
		_, err = e.s.ReviewVerification(ctx, v.ID, "usr_op", false, "")
		wantCode(t, err, ErrVerificationDone.Code)
		if m, _ := e.s.VerifiedBrands(ctx, e.brand, e.other); !m[e.brand] || m[e.other] {
			t.Fatalf("verified %v", m)
		}

		// A look-alike brand: refused by name, and not verifiable.
		for _, name := range []string{"ACME", "Асme", "A.C.M.E."} {
			wantCode(t, e.s.CheckBrandName(ctx, name, ""), ErrBrandNameTaken.Code)
		}
		if err := e.s.CheckBrandName(ctx, "Acme", e.brand); err != nil {
			t.Fatalf("the brand's own name: %v", err)
		}
		if err := e.s.CheckBrandName(ctx, "Apex", ""); err != nil {
			t.Fatalf("an unrelated name: %v", err)
		}
		fake, err := e.ids.CreateOrg(ctx, owner, identity.OrgBrand, "Acmе") // Cyrillic е
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.SubmitVerification(ctx, fake.ID, owner, VerificationInput{Registration: "TM-999"})
		wantCode(t, err, ErrBrandNameTaken.Code)

		// A rejected request leaves the brand unverified and may be retried.
		r, err := e.s.SubmitVerification(ctx, e.other, owner, VerificationInput{Registration: "X"})
		if err != nil {
			t.Fatal(err)
		}
		if r, err = e.s.ReviewVerification(ctx, r.ID, "usr_op", false, "blurry"); err != nil || r.Status != VerificationRejected {
			t.Fatalf("reject %+v %v", r, err)
		}
		if e.s.BrandVerified(ctx, e.other) {
			t.Fatal("rejected brand is verified")
		}
		if _, err := e.s.SubmitVerification(ctx, e.other, owner, VerificationInput{Registration: "X2"}); err != nil {
			t.Fatalf("resubmit: %v", err)
		}
	})
}

// An authenticity code's second scan warns; so does a scan by someone
// other than the shopper of the order it was bound to. Codes are long,
// random, per SKU, with their own short link.
func TestAuthenticityCodes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.verify(e.brand)
		k := e.sku(e.brand, "5.00", 10)
		b, err := e.s.CreateAuthenticityBatch(ctx, e.brand, k.ID, 3, "usr_staff")
		if err != nil || b.Count != 3 || b.ProductID != k.ProductID {
			t.Fatalf("batch %+v %v", b, err)
		}
		_, err = e.s.CreateAuthenticityBatch(ctx, e.other, k.ID, 3, "usr_staff")
		wantCode(t, err, ErrNotFound.Code)
		_, err = e.s.CreateAuthenticityBatch(ctx, e.brand, k.ID, MaxAuthenticityBatch+1, "usr_staff")
		wantCode(t, err, ErrInvalid.Code)
		codes, err := e.s.BatchCodes(ctx, e.brand, b.ID)
		if err != nil || len(codes) != 3 {
			t.Fatalf("codes %d %v", len(codes), err)
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if len(c.Code) != AuthenticityCodeLen || strings.Trim(c.Code, linkAlphabet) != "" || seen[c.Code] {
				t.Fatalf("code %q", c.Code)
			}
			seen[c.Code] = true
		}
		if _, err := e.s.BatchCodes(ctx, e.other, b.ID); err == nil {
			t.Fatal("another brand listed the batch")
		}

		// The code's short link opens the scan page; asking for the link
		// returns it.
		c := codes[0]
		l, err := e.s.OpenLink(ctx, c.Code)
		if err != nil || l.Kind != LinkAuthenticity || l.Destination() != "/authentic/"+c.Code {
			t.Fatalf("link %+v %v", l, err)
		}
		l2, err := e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkAuthenticity, Target: c.Code})
		if err != nil || l2.Code != c.Code {
			t.Fatalf("create link %+v %v", l2, err)
		}
		_, err = e.s.CreateLink(ctx, NewLink{BrandID: e.other, Kind: LinkAuthenticity, Target: c.Code})
		wantCode(t, err, ErrNotFound.Code)

		first, err := e.s.ScanAuthenticityCode(ctx, strings.ToLower(c.Code), "")
		if err != nil || first.Warn() || first.Verdict != ScanGenuine || first.FirstScanAt == 0 || !first.BrandVerified ||
			first.BrandName != "Acme" || first.ProductTitle != "T-shirt" {
			t.Fatalf("first scan %+v %v", first, err)
		}
		second, err := e.s.ScanAuthenticityCode(ctx, c.Code, e.user("someone"))
		if err != nil || !second.Warn() || second.Verdict != ScanRepeat || second.FirstScanAt != first.FirstScanAt {
			t.Fatalf("second scan %+v %v", second, err)
		}
		_, err = e.s.ScanAuthenticityCode(ctx, "ZZZZZZZZZZZZZZZZZ", "")
		wantCode(t, err, ErrCodeNotFound.Code)

		// Bound at shipping: the buyer's first scan is genuine, anyone
		// else's warns.
		buyer := e.shopper("50.00")
		o := e.paid(buyer, k, 1)
		_, err = e.s.BindAuthenticityCode(ctx, e.other, o.ID, 1, codes[1].Code)
		wantCode(t, err, ErrNotFound.Code)
		_, err = e.s.BindAuthenticityCode(ctx, e.brand, o.ID, 2, codes[1].Code)
		wantCode(t, err, ErrNotFound.Code)
		bound, err := e.s.BindAuthenticityCode(ctx, e.brand, o.ID, 1, codes[1].Code)
		if err != nil || bound.OrderID != o.ID || bound.LineNo != 1 {
			t.Fatalf("bind %+v %v", bound, err)
		}
		_, err = e.s.BindAuthenticityCode(ctx, e.brand, o.ID, 1, codes[2].Code)
		wantCode(t, err, ErrInvalid.Code) // one item, one code
		o2 := e.paid(buyer, k, 1)
		_, err = e.s.BindAuthenticityCode(ctx, e.brand, o2.ID, 1, codes[1].Code)
		wantCode(t, err, ErrCodeBound.Code)

		other, err := e.s.ScanAuthenticityCode(ctx, codes[1].Code, e.user("stranger"))
		if err != nil || other.Verdict != ScanOtherOwner {
			t.Fatalf("stranger's scan %+v %v", other, err)
		}
		mine, err := e.s.ScanAuthenticityCode(ctx, codes[1].Code, buyer)
		if err != nil || mine.Verdict != ScanRepeat {
			t.Fatalf("buyer's scan after a stranger's %+v %v", mine, err)
		}
		fresh, err := e.s.ScanAuthenticityCode(ctx, codes[2].Code, buyer)
		if err != nil || fresh.Verdict != ScanGenuine {
			t.Fatalf("unbound code %+v %v", fresh, err)
		}

		st, err := e.s.AuthenticityStats(ctx, e.brand)
		if err != nil || st.Codes != 3 || st.Scanned != 3 || st.Genuine != 2 || st.Repeat != 2 || st.OtherOwner != 1 || len(st.Warnings) != 3 {
			t.Fatalf("stats %+v %v", st, err)
		}
		if st, _ := e.s.AuthenticityStats(ctx, e.other); st.Codes != 0 || len(st.Warnings) != 0 {
			t.Fatalf("other brand's stats %+v", st)
		}
	})
}

// testPackshot draws a product photo: a pattern that seed varies.
func testPackshot(t testing.TB, seed int, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			// Drawn on a 64×64 grid scaled to w×h, so sizes of one seed agree.
			fx, fy := x*64/w, y*64/h
			v := uint8((fx*seed*3 + fy*fy*(seed%5+1)) % 256)
			if (fx/16+fy/16+seed)%2 == 0 {
				v = 255 - v
			}
			img.Set(x, y, color.RGBA{v, v / 2, 255 - v, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A photo finds the product whose image it resembles; another brand's
// listing that reuses a verified brand's image is flagged.
func TestImageMatching(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.verify(e.brand)
		a := e.sku(e.brand, "5.00", 1)
		b := e.sku(e.brand, "5.00", 1)
		shotA, shotB := testPackshot(t, 1, 200, 160), testPackshot(t, 9, 200, 160)
		if _, err := e.s.UploadImage(ctx, e.brand, a.ProductID, "image/png", bytes.NewReader(shotA)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.UploadImage(ctx, e.brand, b.ProductID, "image/png", bytes.NewReader(shotB)); err != nil {
			t.Fatal(err)
		}
		// The shopper's photo: the same packshot at another size.
		ms, err := e.s.FindProductsByImage(ctx, testPackshot(t, 1, 400, 320), 10)
		if err != nil || len(ms) == 0 || ms[0].ProductID != a.ProductID || !ms[0].BrandVerified || ms[0].Distance > MatchDistance {
			t.Fatalf("matches %+v %v", ms, err)
		}
		for _, m := range ms {
			if m.ProductID == b.ProductID {
				t.Fatalf("the other packshot matched: %+v", ms)
			}
		}
		_, err = e.s.FindProductsByImage(ctx, []byte("not an image"), 10)
		wantCode(t, err, ErrInvalid.Code)

		if fs, _ := e.s.ImageReuseFlags(ctx, "", 10); len(fs) != 0 {
			t.Fatalf("flags before any reuse: %+v", fs)
		}
		copycat := e.sku(e.other, "1.00", 1)
		if _, err := e.s.UploadImage(ctx, e.other, copycat.ProductID, "image/png", bytes.NewReader(shotA)); err != nil {
			t.Fatal(err)
		}
		fs, err := e.s.ImageReuseFlags(ctx, e.brand, 10)
		if err != nil || len(fs) != 1 || fs[0].ProductID != copycat.ProductID || fs[0].MatchedProductID != a.ProductID || fs[0].BrandID != e.other {
			t.Fatalf("flags %+v %v", fs, err)
		}
		if err := e.s.DismissImageReuseFlag(ctx, fs[0].ID); err != nil {
			t.Fatal(err)
		}
		if fs, _ := e.s.ImageReuseFlags(ctx, "", 10); len(fs) != 0 {
			t.Fatalf("dismissed flag still open: %+v", fs)
		}
		// The verified brand reusing its own image raises nothing; removing
		// the image drops its hash.
		p, err := e.s.UploadImage(ctx, e.brand, b.ProductID, "image/png", bytes.NewReader(shotA))
		if err != nil {
			t.Fatal(err)
		}
		if fs, _ := e.s.ImageReuseFlags(ctx, "", 10); len(fs) != 0 {
			t.Fatalf("own reuse flagged: %+v", fs)
		}
		if _, err := e.s.RemoveImage(ctx, e.brand, b.ProductID, p.Images[1]); err != nil {
			t.Fatal(err)
		}
		var n int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM product_image_hashes WHERE product_id = $1`, b.ProductID).Scan(&n)
		if n != 1 {
			t.Fatalf("%d hashes after removing an image", n)
		}
	})
}

// A header claiming a huge image is refused before its pixels are decoded.
func TestImageHashRefusesHugeImages(t *testing.T) {
	var b bytes.Buffer
	_ = png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)))
	data := b.Bytes()
	// IHDR width and height are bytes 16..24: claim 100000×100000.
	huge := append([]byte(nil), data...)
	copy(huge[16:24], []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0})
	binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
	if _, err := ImageHash(huge); Code(err) != ErrImageTooLarge.Code {
		t.Fatalf("huge header: %v", err)
	}
	if _, err := ImageHash(data); err != nil {
		t.Fatalf("small image: %v", err)
	}
}

func FuzzImageHash(f *testing.F) {
	f.Add(testPackshot(f, 2, 16, 16))
	var g bytes.Buffer
	_ = png.Encode(&g, image.NewGray(image.Rect(0, 0, 3, 5)))
	f.Add(g.Bytes())
	f.Add([]byte("GIF89a"))
	f.Add([]byte{0xff, 0xd8, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ImageHash(data)
		if err != nil && h != 0 {
			t.Fatalf("hash %x with error %v", h, err)
		}
	})
}
