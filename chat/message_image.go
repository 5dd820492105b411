package chat

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/store"
)

// imagePrefix is where chat images live in the blob store (content
// addressed: chat/img/sha256/<hex>).
const imagePrefix = "chat/img"

// ImageTypes are the image content types chat accepts.
var ImageTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp"}

// Upload is an uploaded image, ready to be sent as {"key": Key}.
type Upload struct {
	Key         string `json:"key"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// UploadImage stores an image the user may then send. The declared content
// type must be an accepted image type and match the bytes' signature; the
// size is bounded by MaxImageBytes.
func (s *Service) UploadImage(ctx context.Context, userID string, r io.Reader, contentType string) (Upload, error) {
	if s.opts.Blobs == nil {
		return Upload{}, errors.New("chat: no blob store configured")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || !slices.Contains(ImageTypes, mt) {
		return Upload{}, fail(CodeUnsupportedMedia, "images are PNG, JPEG, GIF or WebP (got %q)", truncate(contentType, 80))
	}
	br := bufio.NewReaderSize(r, 512)
	head, _ := br.Peek(512)
	if sniffed := http.DetectContentType(head); sniffed != mt {
		return Upload{}, fail(CodeUnsupportedMedia, "the bytes are %s, not %s", sniffed, mt)
	}
	// Read one byte more than allowed so an oversized body is detected
	// without trusting a declared length.
	limited := &countingReader{r: io.LimitReader(br, s.opts.MaxImageBytes+1)}
	info, err := s.opts.Blobs.PutContent(ctx, imagePrefix, limited, mt)
	if err != nil {
		return Upload{}, err
	}
	if limited.n > s.opts.MaxImageBytes {
		// Content-addressed: another upload may share these bytes only if it
		// was as large, which was refused too, so deleting is safe.
		_ = s.opts.Blobs.Delete(ctx, info.Key)
		return Upload{}, fail(CodeImageTooLarge, "images are at most %d bytes", s.opts.MaxImageBytes)
	}
	img := Upload{Key: info.Key, ContentType: mt, Size: info.Size}
	_, err = s.db.ExecContext(ctx, `INSERT INTO chat_uploads (blob_key, user_id, content_type, size_bytes, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (blob_key, user_id) DO NOTHING`, img.Key, userID, img.ContentType, img.Size, s.nowUS())
	return img, err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// completeImage fills an image body from the sender's upload record: only
// images the sender uploaded can be sent, with the type and size checked at
// upload.
func (s *Service) completeImage(ctx context.Context, tx *store.Tx, userID string, p *prepared) error {
	var b imageBody
	if err := json.Unmarshal(p.body, &b); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, `SELECT content_type, size_bytes FROM chat_uploads WHERE blob_key = $1 AND user_id = $2`, b.Key, userID).Scan(&b.ContentType, &b.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return fail(CodeInvalid, "image: upload the image first and send the key it returned")
	}
	if err != nil {
		return err
	}
	p.body, err = json.Marshal(b)
	return err
}

// OpenImage streams the image of an image message the user may read.
func (s *Service) OpenImage(ctx context.Context, userID, convID string, seq int64) (io.ReadCloser, blob.Info, error) {
	m, err := s.Message(ctx, userID, convID, seq)
	if err != nil {
		return nil, blob.Info{}, err
	}
	var b imageBody
	if m.Kind != MsgImage || m.RecalledAt != nil || json.Unmarshal(m.Body, &b) != nil || b.Key == "" {
		return nil, blob.Info{}, fail(CodeNotFound, "that message has no image")
	}
	if s.opts.Blobs == nil {
		return nil, blob.Info{}, errors.New("chat: no blob store configured")
	}
	return s.opts.Blobs.Get(ctx, b.Key)
}
