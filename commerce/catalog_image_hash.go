package commerce

import (
	"bytes"
	"context"
	"image"
	_ "image/gif" // decoders for the hashed image types
	_ "image/jpeg"
	_ "image/png"
	"math/bits"
	"sort"

	"github.com/corona10/goimagehash"

	"github.com/soukhq/souk/store"
)

// Product image matching (issue 17, part 2). Every product image that
// decodes (PNG, JPEG, GIF; WebP images are stored but not hashed) gets a
// 64-bit perceptual hash (pHash, github.com/corona10/goimagehash) when it
// is stored. Two images are alike when their hashes differ in few bits
// (the Hamming distance):
//
//   - a shopper's photo of a packshot finds the active products with an
//     image within MatchDistance bits (FindProductsByImage);
//   - a new image of a brand's listing within ReuseDistance bits of an
//     image of another, verified brand is flagged for operators and for
//     the verified brand (image_reuse_flags).
//
// Uploaded photos are hostile input: the byte size is capped by the
// caller, the header is read first (image.DecodeConfig) and an image over
// MaxImageSide on a side or MaxImagePixels in all is refused before its
// pixels are decoded, and a decoder panic is an error.
//
// The search compares against every stored hash (a linear scan of 8-byte
// integers): fine for catalogues of hundreds of thousands of images; a
// larger one would index the hash in bands.

// Hamming distances: what counts as the same product photo, and as a
// reused image (stricter, since it raises a flag).
const (
	MatchDistance = 12
	ReuseDistance = 8
)

// Decode limits for hashed images.
const (
	MaxImageSide   = 8000
	MaxImagePixels = 24_000_000
)

// ImageHash decodes an image within the limits and returns its pHash.
func ImageHash(data []byte) (h uint64, err error) {
	defer func() {
		if r := recover(); r != nil {
			h, err = 0, fail(ErrInvalid, "the image could not be decoded")
		}
	}()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, fail(ErrInvalid, "the image could not be decoded")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide || cfg.Width*cfg.Height > MaxImagePixels {
		return 0, fail(ErrImageTooLarge, "an image is at most %d pixels a side and %d pixels in all", MaxImageSide, MaxImagePixels)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return 0, fail(ErrInvalid, "the image could not be decoded")
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return 0, fail(ErrInvalid, "the image's size is not the one its header gives")
	}
	ph, err := goimagehash.PerceptionHash(img)
	if err != nil {
		return 0, fail(ErrInvalid, "the image could not be hashed")
	}
	return ph.GetHash(), nil
}

// HammingDistance is the number of bits in which two hashes differ.
func HammingDistance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// hashImage stores the hash of a product's image and flags it when it is
// another verified brand's image. An image that does not decode is not
// hashed (it stays a product image: the upload checks were its type's).
func (s *Service) hashImage(ctx context.Context, brandID, productID, key string, data []byte) error {
	h, err := ImageHash(data)
	if err != nil {
		return nil
	}
	t := now()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO product_image_hashes (product_id, image_key, brand_id, phash, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, productID, key, brandID, int64(h), t); err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT h.product_id, h.brand_id, h.phash FROM product_image_hashes h
		JOIN brand_verifications v ON v.brand_id = h.brand_id AND v.status = 'verified' WHERE h.brand_id <> $1`, brandID)
	if err != nil {
		return err
	}
	type hit struct {
		product, brand string
		d              int
	}
	var hits []hit
	for rows.Next() {
		var p, b string
		var ph int64
		if err := rows.Scan(&p, &b, &ph); err != nil {
			rows.Close()
			return err
		}
		if d := HammingDistance(h, uint64(ph)); d <= ReuseDistance {
			hits = append(hits, hit{p, b, d})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, x := range hits {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO image_reuse_flags (id, product_id, brand_id, image_key, verified_brand_id,
			matched_product_id, distance, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) ON CONFLICT DO NOTHING`,
			store.NewID("irf"), productID, brandID, key, x.brand, x.product, x.d, t); err != nil {
			return err
		}
	}
	return nil
}

// ImageMatch is a product found by a photo.
type ImageMatch struct {
	ProductID     string `json:"productId"`
	BrandID       string `json:"brandId"`
	Title         string `json:"title"`
	ImageKey      string `json:"imageKey"`
	Distance      int    `json:"distance"`
	BrandVerified bool   `json:"brandVerified"`
}

// FindProductsByImage returns the active products with an image within
// MatchDistance of the photo, nearest first (one entry per product, at
// most limit).
func (s *Service) FindProductsByImage(ctx context.Context, photo []byte, limit int) ([]ImageMatch, error) {
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	h, err := ImageHash(photo)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT h.product_id, p.brand_id, p.title, h.image_key, h.phash FROM product_image_hashes h
		JOIN commerce_products p ON p.id = h.product_id WHERE p.status = 'active'`)
	if err != nil {
		return nil, err
	}
	best := map[string]ImageMatch{}
	for rows.Next() {
		var m ImageMatch
		var ph int64
		if err := rows.Scan(&m.ProductID, &m.BrandID, &m.Title, &m.ImageKey, &ph); err != nil {
			rows.Close()
			return nil, err
		}
		m.Distance = HammingDistance(h, uint64(ph))
		if old, ok := best[m.ProductID]; m.Distance <= MatchDistance && (!ok || m.Distance < old.Distance) {
			best[m.ProductID] = m
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]ImageMatch, 0, len(best))
	ids := []string{}
	for _, m := range best {
		out = append(out, m)
		ids = append(ids, m.BrandID)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		return out[i].ProductID < out[j].ProductID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	v, err := s.VerifiedBrands(ctx, ids...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].BrandVerified = v[out[i].BrandID]
	}
	return out, nil
}

// ImageReuseFlag is a listing image that looks like a verified brand's.
type ImageReuseFlag struct {
	ID               string `json:"id"`
	ProductID        string `json:"productId"`
	BrandID          string `json:"brandId"`
	ImageKey         string `json:"imageKey"`
	VerifiedBrandID  string `json:"verifiedBrandId"`
	MatchedProductID string `json:"matchedProductId"`
	Distance         int    `json:"distance"`
	Status           string `json:"status"`
	CreatedAt        int64  `json:"createdAt"`
}

// ImageReuseFlags lists open flags, newest first: all of them for
// operators (verifiedBrand ""), or those against one verified brand.
func (s *Service) ImageReuseFlags(ctx context.Context, verifiedBrand string, limit int) ([]ImageReuseFlag, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, product_id, brand_id, image_key, verified_brand_id, matched_product_id, distance, status,
		created_at FROM image_reuse_flags WHERE status = 'open' AND ($1 = '' OR verified_brand_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2`,
		verifiedBrand, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ImageReuseFlag{}
	for rows.Next() {
		var f ImageReuseFlag
		if err := rows.Scan(&f.ID, &f.ProductID, &f.BrandID, &f.ImageKey, &f.VerifiedBrandID, &f.MatchedProductID, &f.Distance,
			&f.Status, &f.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DismissImageReuseFlag closes a flag (operators).
func (s *Service) DismissImageReuseFlag(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE image_reuse_flags SET status = 'dismissed' WHERE id = $1 AND status = 'open'`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fail(ErrNotFound, "no such open flag")
	}
	return nil
}
