package credit

import (
	"context"
	"fmt"

	"github.com/soukhq/souk/chat"
)

// EventOverdue is the order-card event of an overdue reminder.
const EventOverdue = "creditOverdue"

// ChatReminders posts each reminder as an order card in the shopper's
// service conversation with the brand's app that took the order (the
// conversation order notices go to). Orders placed directly, with no app,
// have no such conversation: their shoppers see the overdue draw on their
// credit page.
type ChatReminders struct{ Chat *chat.Service }

// Remind posts r once (the card's id is the draw and the reminder's number).
func (c ChatReminders) Remind(ctx context.Context, r Reminder) error {
	if r.InstallationID == "" || c.Chat == nil {
		return nil
	}
	_, err := c.Chat.PostOrderEvent(ctx, fmt.Sprintf("credit:%s:%d", r.Draw.ID, r.N), r.Draw.ShopperID, r.BrandID,
		r.InstallationID, r.Draw.OrderID, EventOverdue, r.Text)
	if chat.Code(err) == chat.CodeNotFound {
		return nil // the app was uninstalled since
	}
	return err
}
