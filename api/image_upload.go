package api

import (
	"mime"
	"net/http"
	"strings"
)

// imageMediaType reads an image upload's Content-Type (product images,
// review photos): its media type, or 415 unsupported_media_type naming
// what was sent ("image", "photo"). commerce then checks that the bytes
// are that type.
func imageMediaType(contentType, what string) (string, error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "image/") {
		return "", Fail(http.StatusUnsupportedMediaType, "unsupported_media_type",
			"send the "+what+" bytes with an image/* Content-Type")
	}
	return mt, nil
}
