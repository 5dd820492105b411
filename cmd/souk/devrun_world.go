package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/host"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
)

// devWorld is what souk dev seeds in its data directory, through the same
// services the API calls: a developer org that owns the app, a reviewer who
// approves each development build, a brand with a stocked catalog (with
// images) that has the app installed, and a shopper with a funded wallet, a
// PIN and a friend in a direct conversation. It is
// kept as devWorldFile so that --data-dir brings the same world back.
type devWorld struct {
	Password       string `json:"password"` // every seeded account's
	DeveloperID    string `json:"developer_id"`
	DevOrgID       string `json:"dev_org_id"`
	ReviewerID     string `json:"reviewer_id"`
	BrandOwnerID   string `json:"brand_owner_id"`
	BrandOrgID     string `json:"brand_org_id"`
	ShopperID      string `json:"shopper_id"`
	ShopperEmail   string `json:"shopper_email"`
	ShopperPIN     string `json:"shopper_pin"`
	FriendID       string `json:"friend_id"`
	AppID          string `json:"app_id"`
	InstallationID string `json:"installation_id"`
	// Version is the development version seedWorld deployed (not kept).
	Version string `json:"-"`
}

const (
	devWorldFile     = "souk-dev-world.json"
	devShopperEmail  = "shopper@dev.souk.local"
	devShopperPIN    = "482915"
	devWalletCents   = 500_00
	devApproveNotice = "approved by souk dev: development builds skip review on this local node only"
)

// seedWorld loads the world kept in dataDir, or seeds a new one and
// installs the first build. New builds go through deploy.
func seedWorld(ctx context.Context, h *host.Host, dataDir string, first *runtime.BuildResult) (*devWorld, error) {
	path := filepath.Join(dataDir, devWorldFile)
	if raw, err := os.ReadFile(path); err == nil {
		w := &devWorld{}
		if err := json.Unmarshal(raw, w); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if w.AppID != "" {
			app, err := h.Market.App(ctx, w.AppID)
			if err != nil {
				return nil, err
			}
			if app.Slug != first.Manifest.Name {
				return nil, fmt.Errorf("the data directory holds the world of app %q, not %q: use another --data-dir", app.Slug, first.Manifest.Name)
			}
		}
		return w, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}

	w := &devWorld{Password: devSecret(12), ShopperEmail: devShopperEmail, ShopperPIN: devShopperPIN}
	user := func(email, name string) (string, error) {
		u, err := h.Identity.Signup(ctx, email, w.Password)
		if err != nil {
			return "", fmt.Errorf("seeding %s: %w", email, err)
		}
		return u.ID, h.Identity.SetDisplayName(ctx, u.ID, name)
	}
	var err error
	if w.DeveloperID, err = user("developer@dev.souk.local", "Developer"); err != nil {
		return nil, err
	}
	if w.ReviewerID, err = user("reviewer@dev.souk.local", "Reviewer"); err != nil {
		return nil, err
	}
	if err := h.Identity.SetPlatformRole(ctx, w.ReviewerID, identity.RoleReviewer); err != nil {
		return nil, err
	}
	if w.BrandOwnerID, err = user("brand@dev.souk.local", "Brand owner"); err != nil {
		return nil, err
	}
	if w.ShopperID, err = user(w.ShopperEmail, "Dev Shopper"); err != nil {
		return nil, err
	}
	// A friend to chat with and send money to, in a direct conversation.
	if w.FriendID, err = user("friend@dev.souk.local", "Dev Friend"); err != nil {
		return nil, err
	}
	if err := h.Identity.SetHandle(ctx, w.ShopperID, "dev.shopper"); err != nil {
		return nil, err
	}
	if err := h.Identity.SetHandle(ctx, w.FriendID, "dev.friend"); err != nil {
		return nil, err
	}
	if _, err := h.Chat.CreateDirect(ctx, w.ShopperID, w.FriendID); err != nil {
		return nil, err
	}
	devOrg, err := h.Identity.CreateOrg(ctx, w.DeveloperID, "developer", "Dev Studio")
	if err != nil {
		return nil, err
	}
	w.DevOrgID = devOrg.ID
	brand, err := h.Identity.CreateOrg(ctx, w.BrandOwnerID, "brand", "Dev Tea House")
	if err != nil {
		return nil, err
	}
	w.BrandOrgID = brand.ID
	if err := seedCatalog(ctx, h, w.BrandOrgID); err != nil {
		return nil, err
	}

	// The shopper's wallet: a top-up through the simulated bank, as a real
	// one would be, and a payment PIN.
	op, err := h.Payments.TopUp(ctx, w.ShopperID, "dev-seed", "USD", money.Amount(devWalletCents))
	if err != nil {
		return nil, err
	}
	if _, err := h.Bank.Complete(ctx, op.ID, true); err != nil {
		return nil, err
	}
	if err := h.Payments.SetPIN(ctx, w.ShopperID, w.ShopperPIN); err != nil {
		return nil, err
	}

	app, err := h.Market.CreateApp(ctx, w.DevOrgID, first.Manifest.Name, first.Manifest.Name)
	if err != nil {
		return nil, err
	}
	w.AppID = app.ID
	if w.Version, err = deployBuild(ctx, h, w, first); err != nil {
		return nil, err
	}
	ins, err := h.Market.Install(ctx, w.BrandOrgID, w.BrandOwnerID, marketplace.InstallInput{AppID: w.AppID, Permissions: first.Manifest.Permissions})
	if err != nil {
		return nil, err
	}
	w.InstallationID = ins.ID
	raw, _ := json.MarshalIndent(w, "", "  ")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		return nil, err
	}
	return w, nil
}

// seedCatalog stocks the brand: three products, one with two sizes.
func seedCatalog(ctx context.Context, h *host.Host, brandID string) error {
	type sku struct {
		options map[string]string
		cents   int64
		stock   int64
	}
	items := []struct {
		title, description string
		colour             color.RGBA
		skus               []sku
	}{
		{"Green tea", "Spring-picked sencha, 100 g", color.RGBA{96, 140, 60, 255}, []sku{{map[string]string{"size": "S"}, 4_55, 25}, {map[string]string{"size": "L"}, 6_10, 12}}},
		{"Tea mug", "Stoneware, 300 ml", color.RGBA{70, 90, 130, 255}, []sku{{nil, 12_00, 8}}},
		{"Bamboo whisk", "For matcha", color.RGBA{190, 160, 100, 255}, []sku{{nil, 9_90, 3}}},
	}
	for _, it := range items {
		p, err := h.Commerce.CreateProduct(ctx, brandID, commerce.ProductInput{Title: it.title, Description: it.description, Currency: "USD"})
		if err != nil {
			return fmt.Errorf("seeding %s: %w", it.title, err)
		}
		if _, err := h.Commerce.UploadImage(ctx, brandID, p.ID, "image/png", bytes.NewReader(placeholderPNG(it.colour))); err != nil {
			return fmt.Errorf("seeding %s's image: %w", it.title, err)
		}
		for _, k := range it.skus {
			if _, err := h.Commerce.AddSKU(ctx, brandID, p.ID, commerce.SKUInput{Options: k.options, Price: money.Amount(k.cents), OnHand: k.stock}); err != nil {
				return fmt.Errorf("seeding %s: %w", it.title, err)
			}
		}
	}
	return nil
}

// placeholderPNG is a 160×160 product photo stand-in: a colour with a
// lighter band.
func placeholderPNG(c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 160))
	for y := range 160 {
		for x := range 160 {
			px := c
			if y > 100 && y < 130 {
				px = color.RGBA{min(255, c.R+60), min(255, c.G+60), min(255, c.B+60), 255}
			}
			img.SetRGBA(x, y, px)
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// deployBuild uploads a build as a new development version (the
// manifest's version with -dev.N appended, N rising across runs), has the
// seeded reviewer approve it and releases it to every shopper; if the
// build asks for new permissions the brand consents. Only souk dev calls
// this, on its own local node: the production review path is unchanged
// and a reviewer is still a person there.
func deployBuild(ctx context.Context, h *host.Host, w *devWorld, res *runtime.BuildResult) (string, error) {
	version := fmt.Sprintf("%s-dev.%d", baseVersion(res.Manifest.Version), time.Now().UnixMilli())
	stamped, err := runtime.Restamp(res, version, runtime.DefaultBundleLimits())
	if err != nil {
		return "", err
	}
	v, err := h.Market.UploadVersion(ctx, w.AppID, bytesReader(stamped.Archive), int64(len(stamped.Archive)))
	if err != nil {
		return "", err
	}
	for _, c := range v.Checks {
		if !c.OK && c.Check != "permission_diff" {
			return "", fmt.Errorf("the upload's check %s failed: %s %s", c.Check, c.Code, c.Message)
		}
	}
	if _, err := h.Market.Submit(ctx, w.AppID, version, w.DeveloperID); err != nil {
		return "", err
	}
	if _, err := h.Market.Approve(ctx, w.AppID, version, w.ReviewerID, devApproveNotice); err != nil {
		return "", err
	}
	if _, err := h.Market.Release(ctx, w.AppID, version, 100, w.DeveloperID); err != nil {
		return "", err
	}
	if w.InstallationID != "" {
		ins, err := h.Market.Installation(ctx, w.InstallationID)
		if err != nil {
			return "", err
		}
		if !subsetOf(v.Permissions(), ins.Granted) {
			if _, err := h.Market.Consent(ctx, w.BrandOrgID, w.InstallationID, version, v.Permissions()); err != nil {
				return "", err
			}
		}
	}
	return version, nil
}

// baseVersion drops a pre-release and build suffix: 1.2.0-beta+x → 1.2.0.
func baseVersion(v string) string {
	for i, r := range v {
		if r == '-' || r == '+' {
			return v[:i]
		}
	}
	return v
}

func subsetOf(want, have []string) bool {
	set := map[string]bool{}
	for _, p := range have {
		set[p] = true
	}
	for _, p := range want {
		if !set[p] {
			return false
		}
	}
	return true
}

func devSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
