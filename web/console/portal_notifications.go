package console

import (
	"net/http"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/web/site"
)

// Notifications (/portal/{orgId}/notifications): the org's lifecycle
// events — review decisions, installs and uninstalls, sandbox quarantines,
// automatic rollbacks — newest first, unread ones marked, each with a
// mark-as-read button and one for all. Read state is the org's (one member
// reading a notification reads it for all); the navigation's link counts
// the unread ones.

type notificationRow struct {
	marketplace.LifecycleEvent
	NoteID string
	Read   bool
	When   string
	Until  string
}

func (p *portal) notifications(r *site.Req, o devCtx) error {
	ns, err := p.Market.Notifications(r.Context(), o.OrgID, marketplace.MaxNotifications)
	if err != nil {
		return err
	}
	rows := make([]notificationRow, 0, len(ns))
	for _, n := range ns {
		row := notificationRow{LifecycleEvent: n.Event, NoteID: n.ID, Read: n.Read, When: n.Event.At.UTC().Format("2006-01-02 15:04 UTC")}
		if n.Event.Until != nil {
			row.Until = n.Event.Until.UTC().Format("2006-01-02 15:04 UTC")
		}
		rows = append(rows, row)
	}
	return p.render(r, http.StatusOK, "notifications", "portal.notifications.title", o, rows, nil)
}

// readNotifications marks one notification (id) or all of them read.
func (p *portal) readNotifications(r *site.Req, o devCtx) error {
	if _, err := p.Market.MarkNotificationsRead(r.Context(), o.OrgID, r.FormValue("id")); err != nil {
		return err
	}
	return r.SeeOther("/portal/" + o.OrgID + "/notifications")
}
