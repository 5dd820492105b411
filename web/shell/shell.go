// Package shell is the shopper's face: the start page today; the chat list,
// conversations, the app frame, the payment sheet, wallet and orders grow
// here (issue 11). It stands on web/site like every other face.
package shell

import (
	"embed"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/web/site"
)

//go:embed templates/*.html templates/parts/*.html
var files embed.FS

// Deps are the services the shell uses.
type Deps struct {
	Site     *site.Site
	Identity *identity.Service
	Chat     *chat.Service // nil: no chat pages
	Apps     *Apps         // nil: no app frame

	// Money is transfers and red packets in chats (nil: none).
	Money *chat.ChatMoney
	// Payments serves the wallet pages (nil: Apps.Payments, else none).
	Payments *payments.Service
	// Invoices serves the invoice pages: asking for one on an order, the
	// card bag, the public verify and shared-invoice pages (nil: none).
	Invoices *invoice.Service
	// Credit serves the credit page and pay-later on the payment sheet
	// (nil: none).
	Credit *credit.Service
}

type pages struct {
	Deps
	t   *site.Templates
	inv *site.Templates // the invoice pages (invoices.go)
}

// Mount registers the shell's pages.
func Mount(app *fiber.App, d Deps) {
	// Every page can show the payment sheet (templates/parts/sheet.html).
	p := &pages{Deps: d, t: d.Site.Parse(site.PagesWith(files, "templates/*.html", "templates/parts/sheet.html"), "templates/*.html")}
	s := d.Site
	s.Get(app, "/", site.Public, p.home)
	if d.Chat != nil {
		s.Get(app, "/chats", site.SignedIn, p.chats)
		s.Get(app, "/chats/list", site.SignedIn, p.chatListFragment)
		s.Post(app, "/chats/direct", site.SignedIn, p.startDirect)
		s.Post(app, "/chats/group", site.SignedIn, p.startGroup)
		s.Get(app, "/chats/:id", site.SignedIn, p.conversation)
		s.Get(app, "/chats/:id/messages", site.SignedIn, p.messages)
		s.Post(app, "/chats/:id/messages", site.SignedIn, p.send)
		s.Post(app, "/chats/:id/m/:seq/recall", site.SignedIn, p.recall)
		s.Get(app, "/chats/:id/m/:seq/edit", site.SignedIn, p.editPage)
		s.Post(app, "/chats/:id/m/:seq/edit", site.SignedIn, p.saveEdit)
		s.Post(app, "/chats/:id/images", site.SignedIn, p.sendImage)
		s.Get(app, "/chats/:id/group", site.SignedIn, p.groupPage)
		s.Post(app, "/chats/:id/group/rename", site.SignedIn, p.renameGroup)
		s.Post(app, "/chats/:id/group/add", site.SignedIn, p.addMember)
		s.Post(app, "/chats/:id/group/remove", site.SignedIn, p.removeMember)
		s.Post(app, "/chats/:id/group/leave", site.SignedIn, p.leaveGroup)
		if d.Money != nil {
			s.Get(app, "/chats/:id/money", site.SignedIn, p.moneyPage)
			s.Post(app, "/chats/:id/transfer", site.SignedIn, p.sendTransfer)
			s.Post(app, "/chats/:id/red-packet", site.SignedIn, p.sendRedPacket)
			s.Post(app, "/chats/:id/transfers/:tid/:answer<regex(^(accept|decline)$)>", site.SignedIn, p.answerTransfer)
			s.Get(app, "/chats/:id/red-packets/:pid", site.SignedIn, p.packetPage)
			s.Post(app, "/chats/:id/red-packets/:pid/claim", site.SignedIn, p.claimPacket)
		}
	}
	if p.pay() != nil {
		s.Get(app, "/wallet", site.SignedIn, p.wallet)
		s.Get(app, "/wallet/topup", site.SignedIn, p.fundingPage)
		s.Post(app, "/wallet/topup", site.SignedIn, p.startFunding)
		s.Get(app, "/wallet/withdraw", site.SignedIn, p.fundingPage)
		s.Post(app, "/wallet/withdraw", site.SignedIn, p.startFunding)
		s.Get(app, "/wallet/funding/:fid", site.SignedIn, p.fundingStatus)
		s.Get(app, "/wallet/convert", site.SignedIn, p.convertPage)
		s.Post(app, "/wallet/convert", site.SignedIn, p.quoteConvert)
		s.Post(app, "/wallet/convert/:quote", site.SignedIn, p.runConvert)
	}
	if d.Apps != nil {
		s.Post(app, "/a/:ins/action", site.SignedIn, p.appAction)
		if d.Apps.Payments != nil {
			s.Post(app, "/a/:ins/pay/:req", site.SignedIn, p.payRequest)
			s.Get(app, "/pay/:code", site.SignedIn, p.payCodePage)
			s.Post(app, "/pay/:code", site.SignedIn, p.payPayCode)
		}
		if d.Apps.Payments != nil && d.Apps.Commerce != nil {
			s.Post(app, "/a/:ins/pay/:req/coupon", site.SignedIn, p.applySheetCoupon)
			s.Post(app, "/a/:ins/pay/:req/points", site.SignedIn, p.applySheetPoints)
			// The same sheet for orders no app made (a live room's buy).
			s.Get(app, "/pay/r/:req", site.SignedIn, p.paySheetPage)
			s.Post(app, "/pay/r/:req", site.SignedIn, p.payRequest)
			s.Post(app, "/pay/r/:req/coupon", site.SignedIn, p.applySheetCoupon)
			s.Post(app, "/pay/r/:req/points", site.SignedIn, p.applySheetPoints)
			s.Get(app, "/live/:room", site.SignedIn, p.livePage)
			s.Get(app, "/live/:room/stats", site.SignedIn, p.liveFragment("live-stats"))
			s.Get(app, "/live/:room/pins", site.SignedIn, p.liveFragment("live-pins"))
			s.Get(app, "/live/:room/messages", site.SignedIn, p.liveFragment("live-messages"))
			s.Post(app, "/live/:room/messages", site.SignedIn, p.liveSend)
			s.Post(app, "/live/:room/like", site.SignedIn, p.liveLike)
			s.Post(app, "/live/:room/buy", site.SignedIn, p.liveBuy)
		}
		if d.Apps.Commerce != nil {
			s.Get(app, "/l/:code", site.Public, p.openLink)
			s.Get(app, "/coupons/:id", site.SignedIn, p.couponPage)
			s.Get(app, "/points", site.SignedIn, p.pointsPage)
			s.Get(app, "/points/:brand", site.SignedIn, p.pointsStatement)
			s.Post(app, "/coupons/:id/claim", site.SignedIn, p.claimCoupon)
			s.Get(app, "/search", site.SignedIn, p.search)
			s.Get(app, "/search/photo", site.SignedIn, p.photoSearch)
			s.Post(app, "/search/photo", site.SignedIn, p.photoSearchPost)
			s.Get(app, "/authentic/:code", site.Public, p.authenticPage)
			s.Get(app, "/orders", site.SignedIn, p.orders)
			s.Get(app, "/orders/:id", site.SignedIn, p.orderPage)
			s.Post(app, "/orders/:id/confirm", site.SignedIn, p.confirmReceipt)
			s.Post(app, "/orders/:id/refund", site.SignedIn, p.requestRefund)
			s.Post(app, "/orders/:id/dispute", site.SignedIn, p.openDispute)
			s.Post(app, "/orders/:id/lines/:line/review", site.SignedIn, p.postReview)
			if d.Invoices != nil {
				s.Post(app, "/orders/:id/invoice", site.SignedIn, p.askInvoice)
			}
		}
		s.Get(app, "/a/:ins/:page", site.SignedIn, p.appPage)
		s.Get(app, "/a/:ins", site.SignedIn, func(r *site.Req) error { return r.SeeOther("/a/" + r.Params("ins") + "/home") })
	}
	if d.Invoices != nil {
		p.mountInvoices(app)
	}
	if d.Credit != nil {
		s.Get(app, "/credit", site.SignedIn, p.creditPage)
		s.Post(app, "/credit/repay", site.SignedIn, p.repayCredit)
	}
}

// Face is a link to one face the user may open.
type Face struct{ Key, Href string }

type homeData struct{ Faces []Face }

func (p *pages) home(r *site.Req) error {
	var d homeData
	if r.Caller != nil {
		faces, err := FacesFor(r, p.Identity)
		if err != nil {
			return err
		}
		d.Faces = faces
	}
	return r.Render(p.t, http.StatusOK, "home", r.Page(site.FaceShell, "home.title", d))
}

// FacesFor lists the faces the signed-in user may open: everyone has the
// shell; brand members the seller console; developer-org members the
// portal; reviewers and admins the operator console.
func FacesFor(r *site.Req, ids *identity.Service) ([]Face, error) {
	faces := []Face{{"face.shell", "/chats"}}
	ms, err := ids.Memberships(r.Context(), r.UserID())
	if err != nil {
		return nil, err
	}
	brand, dev := false, false
	for _, m := range ms {
		brand = brand || m.OrgKind == identity.OrgBrand
		dev = dev || m.OrgKind == identity.OrgDeveloper
	}
	if brand {
		faces = append(faces, Face{"face.seller", "/seller"})
	}
	if dev {
		faces = append(faces, Face{"face.portal", "/portal"})
	}
	if r.Caller.User.PlatformRole != "" {
		faces = append(faces, Face{"face.operator", "/ops"})
	}
	return faces, nil
}
