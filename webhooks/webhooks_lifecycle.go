package webhooks

import (
	"context"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
)

// LifecycleSink returns a marketplace.LifecycleSink that publishes an app's
// lifecycle events to its endpoints under their own type:
//
//	version.approved, version.rejected   a review decision on a version
//	app.installed, app.uninstalled       a brand installed or uninstalled the app
//	app.quarantined                      the sandbox refuses the app's events for a while
//	release.auto_rolled_back             a gray release rolled back by itself, with the figures
//
// The data is the marketplace.LifecycleEvent. The deliveries are written
// in the transaction of the change, keyed by the event's id.
//
//	market.AddLifecycleSink(hooks.LifecycleSink())
func (s *Service) LifecycleSink() marketplace.LifecycleSink {
	return func(ctx context.Context, tx *store.Tx, ev marketplace.LifecycleEvent) error {
		_, err := s.PublishOnce(ctx, tx, ev.AppID, ev.Type, "lifecycle:"+ev.ID, ev)
		return err
	}
}
