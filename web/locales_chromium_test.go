package web_test

import (
	"testing"

	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// The shell in Japanese, Korean and Thai: a user who chose the language
// gets the chats, wallet and top-up pages in it, with <html lang> set (the
// stylesheet's line breaking per script), nothing wider than a phone and
// no serious axe-core finding.
func TestShellInJapaneseKoreanThaiInChromium(t *testing.T) {
	w := startServer(t, storetest.SQLite(t))
	for _, c := range []struct{ lang, chats, wallet, topup string }{
		{"ja", "チャット", "ウォレット", "今すぐチャージ"},
		{"ko", "채팅", "지갑", "지금 충전"},
		{"th", "แชต", "วอลเล็ต", "เติมเงินเลย"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			u := w.user(t, shopper, c.lang+"@example.com")
			if err := w.ids.SetLanguage(ctx, u.ID, c.lang); err != nil {
				t.Fatal(err)
			}
			b := webtest.New(t, w.base)
			b.SignIn(c.lang+"@example.com", password, "/chats")
			b.Find("heading", c.chats)
			if got := webtest.Eval[string](b, `document.documentElement.lang`); got != c.lang {
				t.Fatalf("<html lang=%q>, want %q", got, c.lang)
			}
			for _, path := range []string{"/chats", "/wallet", "/wallet/topup"} {
				b.Open(path)
				b.Resize(webtest.Phone)
				if b.Overflows() {
					t.Errorf("%s in %s is wider than a phone", path, c.lang)
				}
				b.Axe()
			}
			b.Find("button", c.topup)
			b.Open("/wallet")
			b.Find("heading", c.wallet)
			if c.lang == "ja" {
				shots(t, b, "wallet-ja")
			}
		})
	}
}
