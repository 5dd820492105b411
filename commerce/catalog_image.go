package commerce

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"

	"github.com/soukhq/souk/store"
)

// Image content types a product image may have; the bytes must sniff as
// the declared type, so a script cannot be stored as an "image".
var imageTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp"}

// UploadImage stores an image's bytes in the blob store (content-addressed
// under products/<product id>) and appends its key to the product. At most
// Options.MaxImageBytes and MaxImages per product.
func (s *Service) UploadImage(ctx context.Context, brandID, productID, contentType string, r io.Reader) (Product, error) {
	if s.blobs == nil {
		return Product{}, fail(ErrInvalid, "no blob store configured")
	}
	if _, err := s.Product(ctx, brandID, productID); err != nil {
		return Product{}, err
	}
	key, err := s.putImage(ctx, "products/"+productID, contentType, r, "an image")
	if err != nil {
		return Product{}, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := scanProduct(tx.QueryRowContext(ctx, `SELECT `+productCols+` FROM commerce_products WHERE id = $1 AND brand_id = $2`+forUpdate(tx), productID, brandID))
		if err != nil {
			return err
		}
		if slices.Contains(p.Images, key) {
			return nil
		}
		if len(p.Images) >= MaxImages {
			return fail(ErrInvalid, "a product has at most %d images", MaxImages)
		}
		imgs, _ := json.Marshal(append(p.Images, key))
		catalogChangedTx(tx)
		_, err = tx.ExecContext(ctx, `UPDATE commerce_products SET images = $2, updated_at = $3 WHERE id = $1`, productID, string(imgs), now())
		return err
	})
	if err != nil {
		return Product{}, err
	}
	return s.Product(ctx, brandID, productID)
}

// putImage checks an upload (one of imageTypes, its bytes sniff as that
// type, at most Options.MaxImageBytes) and stores it content-addressed
// under prefix; what names it in refusals ("an image", "a photo"). Product
// images, review photos and dispute evidence all come through here.
func (s *Service) putImage(ctx context.Context, prefix, contentType string, r io.Reader, what string) (string, error) {
	if s.blobs == nil {
		return "", fail(ErrInvalid, "no blob store configured")
	}
	if !slices.Contains(imageTypes, contentType) {
		return "", fail(ErrInvalid, "%s must be one of %v", what, imageTypes)
	}
	data, err := io.ReadAll(io.LimitReader(r, s.opts.MaxImageBytes+1))
	if err != nil {
		return "", err
	}
	if int64(len(data)) > s.opts.MaxImageBytes {
		return "", fail(ErrImageTooLarge, "%s is at most %d bytes", what, s.opts.MaxImageBytes)
	}
	if len(data) == 0 || http.DetectContentType(data) != contentType {
		return "", fail(ErrInvalid, "the bytes are not a %s image", contentType)
	}
	info, err := s.blobs.PutContent(ctx, prefix, bytes.NewReader(data), contentType)
	if err != nil {
		return "", err
	}
	return info.Key, nil
}

// MoveImage moves one of a product's images to position to (0 is the
// first, the one product cards show); to is clamped to the list.
func (s *Service) MoveImage(ctx context.Context, brandID, productID, key string, to int) (Product, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := scanProduct(tx.QueryRowContext(ctx, `SELECT `+productCols+` FROM commerce_products WHERE id = $1 AND brand_id = $2`+forUpdate(tx), productID, brandID))
		if err != nil {
			return err
		}
		i := slices.Index(p.Images, key)
		if i < 0 {
			return fail(ErrNotFound, "no such image")
		}
		imgs := slices.Delete(p.Images, i, i+1)
		to = min(max(to, 0), len(imgs))
		imgs = slices.Insert(imgs, to, key)
		b, _ := json.Marshal(imgs)
		catalogChangedTx(tx)
		_, err = tx.ExecContext(ctx, `UPDATE commerce_products SET images = $2, updated_at = $3 WHERE id = $1`, productID, string(b), now())
		return err
	})
	if err != nil {
		return Product{}, err
	}
	return s.Product(ctx, brandID, productID)
}

// RemoveImage drops an image key from a product (the content-addressed
// blob stays: another product or an old order view may show it).
func (s *Service) RemoveImage(ctx context.Context, brandID, productID, key string) (Product, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := scanProduct(tx.QueryRowContext(ctx, `SELECT `+productCols+` FROM commerce_products WHERE id = $1 AND brand_id = $2`+forUpdate(tx), productID, brandID))
		if err != nil {
			return err
		}
		i := slices.Index(p.Images, key)
		if i < 0 {
			return fail(ErrNotFound, "no such image")
		}
		imgs, _ := json.Marshal(slices.Delete(p.Images, i, i+1))
		catalogChangedTx(tx)
		_, err = tx.ExecContext(ctx, `UPDATE commerce_products SET images = $2, updated_at = $3 WHERE id = $1`, productID, string(imgs), now())
		return err
	})
	if err != nil {
		return Product{}, err
	}
	return s.Product(ctx, brandID, productID)
}

// Image streams a product image by key (any product's: images are public
// like the catalog). The caller closes the reader.
func (s *Service) Image(ctx context.Context, key string) (io.ReadCloser, string, error) {
	if s.blobs == nil || len(key) < len("products/") || key[:len("products/")] != "products/" {
		return nil, "", fail(ErrNotFound, "no such image")
	}
	rc, info, err := s.blobs.Get(ctx, key)
	if err != nil {
		return nil, "", fail(ErrNotFound, "no such image")
	}
	return rc, info.ContentType, nil
}
