package marketplace

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/soukhq/souk/runtime"
)

// EventRequest is one handler call for an installation, on behalf of a
// shopper (ShopperID may be empty for events no shopper caused).
type EventRequest struct {
	InstallationID string
	ShopperID      string
	Locale         string
	Handler        string
	Args           []json.RawMessage
}

// ResolveVersion is the version that serves shopperID through an
// installation: the release's version for the shopper (gray release,
// sticky by Bucket) if the brand granted everything it asks for; else the
// stable version if that is covered; else the newest version the brand
// consented to, which keeps serving until the brand consents.
func (s *Service) ResolveVersion(ctx context.Context, in Installation, shopperID string) (Version, error) {
	return s.resolveVersion(ctx, in, shopperID, s.ReleaseState, s.Version)
}

func (s *Service) resolveVersion(ctx context.Context, in Installation, shopperID string,
	releaseState func(context.Context, string) (ReleaseState, error), version func(context.Context, string, string) (Version, error)) (Version, error) {
	st, err := releaseState(ctx, in.AppID)
	if err != nil {
		return Version{}, err
	}
	for _, name := range []string{st.VersionFor(shopperID), st.Stable} {
		if name == "" {
			continue
		}
		v, err := version(ctx, in.AppID, name)
		if err != nil {
			return Version{}, err
		}
		if subset(v.Permissions(), in.Granted) {
			return v, nil
		}
	}
	return version(ctx, in.AppID, in.Version)
}

// RunEvent runs a handler of an active installation for a shopper: the
// version is resolved by ResolveVersion, the app is granted what the
// installation granted and that version asks for, and ctx carries the
// brand, the shopper and the locale (default "en"). App failures come back
// in the result's receipt; errors are for an unknown or uninstalled
// installation and host faults.
func (s *Service) RunEvent(ctx context.Context, engine *runtime.Engine, req EventRequest) (*runtime.EventResult, error) {
	in, err := s.cachedInstallation(ctx, req.InstallationID)
	if err != nil {
		return nil, err
	}
	if in.Status != InstallActive {
		return nil, fail(CodeUninstalled, "this app was uninstalled by the brand; it no longer runs")
	}
	v, err := s.resolveVersion(ctx, in, req.ShopperID, s.cachedReleaseState, s.cachedVersion)
	if err != nil {
		return nil, err
	}
	granted := []string{}
	for _, p := range v.Permissions() {
		if slices.Contains(in.Granted, p) {
			granted = append(granted, p)
		}
	}
	locale := req.Locale
	if locale == "" {
		locale = "en"
	}
	return engine.Run(ctx, runtime.Event{
		AppID: in.AppID, Version: v.Version, InstallationID: in.ID,
		BundleKey: v.BlobKey, BundleHash: v.BundleHash, Handler: req.Handler, Args: req.Args,
		Ctx:     runtime.EventContext{BrandID: in.BrandOrgID, ShopperID: req.ShopperID, Locale: locale},
		Granted: granted,
	})
}
