package chat

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/soukhq/souk/runtime"
)

// ChatSendArgs are chat.send's arguments: a text, or a mini-program card
// (a view the app renders, opening one of its pages).
type ChatSendArgs struct {
	Text            string        `json:"text,omitzero"`
	Card            *ChatSendCard `json:"card,omitzero"`
	ClientMessageID string        `json:"clientMessageId,omitzero"`
}

// ChatSendCard is a card: its title, view and the page it opens.
type ChatSendCard struct {
	Title  string         `json:"title,omitzero"`
	View   jsontext.Value `json:"view"`
	Page   string         `json:"page,omitzero"`
	Params jsontext.Value `json:"params,omitzero"`
}

// ChatSendResult is what the app gets back.
type ChatSendResult struct {
	MessageID string `json:"messageId"`
	Seq       int64  `json:"seq"`
}

// HostAPIs are chat's host APIs for mini-programs: chat.send (permission
// "chat") sends to the event's shopper in their service conversation with
// the event's installation, under the app messaging rules.
func (s *Service) HostAPIs() []runtime.HostAPI {
	send := runtime.DefineAPI("chat.send", "chat", func(ctx context.Context, ev *runtime.HostEvent, a ChatSendArgs) (ChatSendResult, error) {
		if ev.ShopperID == "" {
			return ChatSendResult{}, runtime.HostErr(runtime.CodeInvalidArgs, "chat.send: this event is not for a shopper")
		}
		in := AppSendInput{InstallationID: ev.InstallationID, BrandOrgID: ev.BrandID, ShopperID: ev.ShopperID, ClientMsgID: a.ClientMessageID}
		switch {
		case (a.Text == "") == (a.Card == nil):
			return ChatSendResult{}, runtime.HostErr(runtime.CodeInvalidArgs, "chat.send: pass either text or card")
		case a.Card != nil:
			in.Kind = MsgMiniProgramCard
			in.Body = mustJSON(cardBody{InstallationID: ev.InstallationID, Title: a.Card.Title, View: json.RawMessage(a.Card.View), Open: CardOpen{Page: a.Card.Page, Params: json.RawMessage(a.Card.Params)}})
		default:
			in.Kind = MsgText
			in.Body = mustJSON(textBody{Text: a.Text})
		}
		m, err := s.AppSend(ctx, in)
		if err != nil {
			var ce *Error
			if errors.As(err, &ce) {
				code := ce.Code
				switch code {
				case CodeInvalid, CodeInvalidRequest, CodeClientIDReused:
					code = runtime.CodeInvalidArgs
				}
				return ChatSendResult{}, runtime.HostErr(code, "chat.send: %s", ce.Message)
			}
			return ChatSendResult{}, err
		}
		return ChatSendResult{MessageID: m.ID, Seq: m.Seq}, nil
	})
	send.PerEvent = 10
	return []runtime.HostAPI{send}
}
