package shell

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/web/site"
)

// Photos and edits in a conversation. A photo is a plain multipart form:
// the file goes through chat.UploadImage (type from the bytes' signature,
// size bounded by chat's MaxImageBytes) into the host's blob store, then is
// sent with the sender's description as its alt text. Editing is a small
// page for one's own text message inside the edit window (chat.Edit).
// The other readers see both live: the socket announces the message or the
// edit and souk.js fetches the server-rendered message.

func (p *pages) sendImage(r *site.Req) error {
	id := r.Params("id")
	if _, err := p.Chat.Access(r.Context(), r.UserID(), id); err != nil {
		if chat.Code(err) == chat.CodeNotFound {
			return r.NotFound()
		}
		return err
	}
	fh, err := r.FormFile("photo")
	if err != nil {
		return p.conversationWith(r, http.StatusUnprocessableEntity, r.L.T("chat.photo.err.missing"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	up, err := p.Chat.UploadImage(r.Context(), r.UserID(), f, fh.Header.Get("Content-Type"))
	if err == nil {
		body, _ := json.Marshal(map[string]string{"key": up.Key, "alt": strings.TrimSpace(r.FormValue("alt"))})
		_, err = p.Chat.UserSend(r.Context(), r.UserID(), id, chat.MsgImage, body, r.FormValue("client_id"))
	}
	switch code := chat.Code(err); code {
	case "":
		return r.SeeOther("/chats/" + id)
	case chat.CodeUnsupportedMedia, chat.CodeImageTooLarge, chat.CodeInvalid, chat.CodeRateLimited:
		return p.conversationWith(r, http.StatusUnprocessableEntity, r.L.T("chat.photo.err."+code))
	case chat.CodeNotFound:
		return r.NotFound()
	}
	return err
}

type editData struct {
	ConvID, ConvName, Text string
	Seq                    int64
}

func (p *pages) editPage(r *site.Req) error {
	seq, _ := strconv.ParseInt(r.Params("seq"), 10, 64)
	m, err := p.Chat.Message(r.Context(), r.UserID(), r.Params("id"), seq)
	if err != nil || m.Kind != chat.MsgText || m.SenderID != r.UserID() || m.RecalledAt != nil {
		if err != nil && chat.Code(err) == "" {
			return err
		}
		return r.NotFound()
	}
	var b struct{ Text string }
	_ = json.Unmarshal(m.Body, &b)
	return p.renderEdit(r, http.StatusOK, editData{ConvID: m.ConversationID, Seq: seq, Text: b.Text}, "")
}

func (p *pages) renderEdit(r *site.Req, status int, d editData, errMsg string) error {
	pg := r.Page("chats", "chat.edit_title", d)
	pg.Error = errMsg
	return r.Render(p.t, status, "edit", pg)
}

func (p *pages) saveEdit(r *site.Req) error {
	id := r.Params("id")
	seq, _ := strconv.ParseInt(r.Params("seq"), 10, 64)
	text := strings.TrimSpace(r.FormValue("text"))
	_, err := p.Chat.Edit(r.Context(), r.UserID(), id, seq, text)
	d := editData{ConvID: id, Seq: seq, Text: text}
	switch chat.Code(err) {
	case "":
		return r.SeeOther("/chats/" + id + "#m-" + strconv.FormatInt(seq, 10))
	case chat.CodeNotFound, chat.CodeForbidden:
		return r.NotFound()
	case chat.CodeEditWindow:
		return p.renderEdit(r, http.StatusConflict, d, r.L.T("chat.err.edit_window"))
	case chat.CodeTooLarge, chat.CodeInvalid, chat.CodeInvalidRequest:
		return p.renderEdit(r, http.StatusUnprocessableEntity, d, r.L.T("chat.error.invalid_message"))
	}
	return err
}
