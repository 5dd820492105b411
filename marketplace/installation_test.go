package marketplace_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Installs: exact grants, config, one active install per (brand, app),
// other brands see nothing, a release asking for more waits for consent
// (the old version serves until then), uninstall refuses events.
func TestInstallConsentUninstall(t *testing.T) {
	v1 := appBundle(t, "1.0.0", []string{"storage"}, "")
	v2 := appBundle(t, "2.0.0", []string{"storage", "orders"}, "")
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		in := marketplace.InstallInput{AppID: a.ID, Permissions: []string{"storage"}}
		if _, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", in); code(err) != marketplace.CodeNotFound {
			t.Fatalf("install an unreleased app: %v", err)
		}
		if l, _ := f.svc.ListedApps(ctx); len(l) != 0 {
			t.Fatalf("listed before release: %+v", l)
		}
		approved(t, f.svc, a.ID, v1)
		release(t, f.svc, a.ID, "1.0.0", 100)
		if l, _ := f.svc.ListedApps(ctx); len(l) != 1 || l[0].Version != "1.0.0" || !reflect.DeepEqual(l[0].Permissions, []string{"storage"}) {
			t.Fatalf("listed: %+v", l)
		}

		for _, tc := range []struct {
			org   string
			perms []string
			cfg   string
			code  string
		}{
			{f.brand.ID, []string{}, "", marketplace.CodePermissionMismatch},
			{f.brand.ID, []string{"storage", "orders"}, "", marketplace.CodePermissionMismatch},
			{f.brand.ID, []string{"storage", "storage"}, "", marketplace.CodePermissionMismatch},
			{f.brand.ID, []string{"storage"}, `[1]`, marketplace.CodeInvalidConfig},
			{f.brand.ID, []string{"storage"}, `{"a": "` + strings.Repeat("x", marketplace.MaxConfigBytes) + `"}`, marketplace.CodeConfigTooLarge},
			{f.dev.ID, []string{"storage"}, "", marketplace.CodeNotBrand},
		} {
			_, err := f.svc.Install(ctx, tc.org, "usr_owner", marketplace.InstallInput{AppID: a.ID, Permissions: tc.perms, Config: json.RawMessage(tc.cfg)})
			if code(err) != tc.code {
				t.Errorf("install %v %.20s: %v, want %s", tc.perms, tc.cfg, err, tc.code)
			}
		}
		in.Config = json.RawMessage(`{"greeting": "hi"}`)
		ins, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", in)
		if err != nil || ins.Status != marketplace.InstallActive || ins.Version != "1.0.0" || !reflect.DeepEqual(ins.Granted, []string{"storage"}) ||
			ins.PendingConsent != nil || ins.CreatedBy != "usr_owner" {
			t.Fatalf("install: %+v %v", ins, err)
		}
		var cfg map[string]string
		if json.Unmarshal(ins.Config, &cfg); cfg["greeting"] != "hi" {
			t.Fatalf("config: %s", ins.Config)
		}
		if _, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", in); code(err) != marketplace.CodeAlreadyInstalled {
			t.Fatalf("install twice: %v", err)
		}
		other, err := f.svc.Install(ctx, f.brand2.ID, "usr_owner2", in)
		if err != nil {
			t.Fatalf("a second brand installs the same app: %v", err)
		}
		// The other brand cannot touch this brand's installation.
		if _, err := f.svc.InstallationInOrg(ctx, f.brand2.ID, ins.ID); code(err) != marketplace.CodeNotFound {
			t.Fatalf("read another brand's installation: %v", err)
		}
		if _, err := f.svc.SetConfig(ctx, f.brand2.ID, ins.ID, json.RawMessage(`{}`)); code(err) != marketplace.CodeNotFound {
			t.Fatalf("configure another brand's installation: %v", err)
		}
		if _, err := f.svc.Uninstall(ctx, f.brand2.ID, ins.ID); code(err) != marketplace.CodeNotFound {
			t.Fatalf("uninstall another brand's installation: %v", err)
		}
		if got, err := f.svc.SetConfig(ctx, f.brand.ID, ins.ID, json.RawMessage(`{"greeting": "hello"}`)); err != nil || !strings.Contains(string(got.Config), "hello") {
			t.Fatalf("set config: %s %v", got.Config, err)
		}

		// 2.0.0 asks for orders too: both brands keep 1.0.0 until they consent.
		approved(t, f.svc, a.ID, v2)
		release(t, f.svc, a.ID, "2.0.0", 100)
		ins, _ = f.svc.Installation(ctx, ins.ID)
		if p := ins.PendingConsent; p == nil || p.Version != "2.0.0" || !reflect.DeepEqual(p.Added, []string{"orders"}) ||
			!reflect.DeepEqual(p.Permissions, []string{"orders", "storage"}) {
			t.Fatalf("pending consent: %+v", ins.PendingConsent)
		}
		for _, s := range shoppers(20) {
			if v, _ := f.svc.ResolveVersion(ctx, ins, s); v.Version != "1.0.0" {
				t.Fatalf("before consent %s gets %s", s, v.Version)
			}
		}
		if text := render(t, f, ins.ID, "usr_a"); !strings.HasPrefix(text, "version 1.0.0 ") {
			t.Fatalf("render before consent: %q", text)
		}
		if _, err := f.svc.Consent(ctx, f.brand.ID, ins.ID, "2.0.0", []string{"orders"}); code(err) != marketplace.CodePermissionMismatch {
			t.Fatalf("consent listing less: %v", err)
		}
		if _, err := f.svc.Consent(ctx, f.brand.ID, ins.ID, "1.0.0", []string{"storage"}); code(err) != marketplace.CodeNoConsentPending {
			t.Fatalf("consent to a version that needs none: %v", err)
		}
		if _, err := f.svc.Consent(ctx, f.brand2.ID, ins.ID, "2.0.0", []string{"storage", "orders"}); code(err) != marketplace.CodeNotFound {
			t.Fatalf("consent for another brand: %v", err)
		}
		ins, err = f.svc.Consent(ctx, f.brand.ID, ins.ID, "2.0.0", []string{"orders", "storage"})
		if err != nil || ins.PendingConsent != nil || ins.Version != "2.0.0" || !reflect.DeepEqual(ins.Granted, []string{"orders", "storage"}) {
			t.Fatalf("consent: %+v %v", ins, err)
		}
		if text := render(t, f, ins.ID, "usr_a"); !strings.HasPrefix(text, "version 2.0.0 ") {
			t.Fatalf("render after consent: %q", text)
		}
		// The brand that has not consented still gets 1.0.0.
		if text := render(t, f, other.ID, "usr_a"); !strings.HasPrefix(text, "version 1.0.0 brand "+f.brand2.ID) {
			t.Fatalf("render for the other brand: %q", text)
		}

		if ins, err = f.svc.Uninstall(ctx, f.brand.ID, ins.ID); err != nil || ins.Status != marketplace.InstallUninstalled || ins.UninstalledAt == nil {
			t.Fatalf("uninstall: %+v %v", ins, err)
		}
		_, err = f.svc.RunEvent(ctx, f.engine(t), marketplace.EventRequest{InstallationID: ins.ID, ShopperID: "usr_a", Handler: "render"})
		if code(err) != marketplace.CodeUninstalled {
			t.Fatalf("event after uninstall: %v", err)
		}
		if _, err := f.svc.SetConfig(ctx, f.brand.ID, ins.ID, json.RawMessage(`{}`)); code(err) != marketplace.CodeUninstalled {
			t.Fatalf("configure an uninstalled app: %v", err)
		}
		if _, err := f.svc.RunEvent(ctx, f.engine(t), marketplace.EventRequest{InstallationID: "ins_missing", Handler: "render"}); code(err) != marketplace.CodeNotFound {
			t.Fatalf("event for no installation: %v", err)
		}
		// Reinstalling after an uninstall is a new installation, granting what 2.0.0 asks.
		again, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", marketplace.InstallInput{AppID: a.ID, Permissions: []string{"storage", "orders"}})
		if err != nil || again.ID == ins.ID || again.Version != "2.0.0" {
			t.Fatalf("reinstall: %+v %v", again, err)
		}
		list, _ := f.svc.Installations(ctx, f.brand.ID)
		if len(list) != 2 {
			t.Fatalf("brand installations: %+v", list)
		}
		if n, _ := f.svc.ActiveInstallations(ctx, a.ID); n != 2 {
			t.Fatalf("active installations: %d", n)
		}
	})
}

// The developer's view of an app's installations: every brand that
// installed it (uninstalled ones too), newest first, with the brand's name,
// the version it consented to and any consent a newer release waits for;
// another app's installations are not in it.
func TestAppInstallations(t *testing.T) {
	v1 := appBundle(t, "1.0.0", []string{"storage"}, "")
	v2 := appBundle(t, "2.0.0", []string{"storage", "orders"}, "")
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		if l, err := f.svc.AppInstallations(ctx, a.ID); err != nil || len(l) != 0 {
			t.Fatalf("before any install: %+v %v", l, err)
		}
		approved(t, f.svc, a.ID, v1)
		release(t, f.svc, a.ID, "1.0.0", 100)
		in := marketplace.InstallInput{AppID: a.ID, Permissions: []string{"storage"}}
		first, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", in)
		if err != nil {
			t.Fatal(err)
		}
		second, err := f.svc.Install(ctx, f.brand2.ID, "usr_owner2", in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Uninstall(ctx, f.brand.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		approved(t, f.svc, a.ID, v2)
		release(t, f.svc, a.ID, "2.0.0", 100)

		other, _ := f.svc.CreateApp(ctx, f.dev.ID, "other", "Other")
		approved(t, f.svc, other.ID, tinyBundle(t, "other", "1.0.0"))
		release(t, f.svc, other.ID, "1.0.0", 100)
		if _, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", marketplace.InstallInput{AppID: other.ID, Permissions: []string{"storage"}}); err != nil {
			t.Fatal(err)
		}

		l, err := f.svc.AppInstallations(ctx, a.ID)
		if err != nil || len(l) != 2 {
			t.Fatalf("installations: %+v %v", l, err)
		}
		if l[0].ID != second.ID || l[0].BrandName != "Globex" || l[0].Status != marketplace.InstallActive || l[0].Version != "1.0.0" {
			t.Errorf("newest: %+v", l[0])
		}
		if p := l[0].PendingConsent; p == nil || p.Version != "2.0.0" || !reflect.DeepEqual(p.Added, []string{"orders"}) {
			t.Errorf("pending consent: %+v", p)
		}
		if l[1].ID != first.ID || l[1].BrandName != "Acme" || l[1].Status != marketplace.InstallUninstalled || l[1].UninstalledAt == nil || l[1].PendingConsent != nil {
			t.Errorf("uninstalled: %+v", l[1])
		}
		if l[1].CreatedAt.After(l[0].CreatedAt) {
			t.Errorf("not newest first: %v then %v", l[0].CreatedAt, l[1].CreatedAt)
		}
		if l, err := f.svc.AppInstallations(ctx, "app_nope"); err != nil || len(l) != 0 {
			t.Errorf("unknown app: %+v %v", l, err)
		}
	})
}
