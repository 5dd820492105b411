package api

import (
	"mime"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/soukhq/souk/internal/textguard"
)

// strictInput rejects, before any handler or decoder sees them, the inputs
// that decoders silently repair and databases cannot store: NUL characters,
// invalid UTF-8 and lone surrogates in the path, the query or any string of
// a JSON body, and JSON objects that name a key twice. Such a request is a
// 400 (invalid_text or duplicate_key) and changes nothing.
func (s *Server) strictInput(c *fiber.Ctx) error {
	uri := c.Request().URI()
	rawPath := uri.PathOriginal()
	if p := textguard.Text("path", string(rawPath)); p != nil {
		return textProblem(c, p)
	}
	if p := textguard.Text("path", string(fasthttp.AppendUnquotedArg(nil, rawPath))); p != nil {
		return textProblem(c, p)
	}
	var qp *textguard.Problem
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if qp != nil {
			return
		}
		if qp = textguard.Text("query", string(k)); qp == nil {
			qp = textguard.Text("query."+string(k), string(v))
		}
	})
	if qp != nil {
		return textProblem(c, qp)
	}
	if jsonBody(c) {
		if p := textguard.JSON(c.Body()); p != nil {
			return textProblem(c, p)
		}
	}
	return c.Next()
}

// jsonBody reports whether the request carries a body huma would decode as
// JSON: a JSON media type, or none at all (huma's default) with a body that
// starts like a JSON object or array.
func jsonBody(c *fiber.Ctx) bool {
	if len(c.Request().Body()) == 0 {
		return false
	}
	ct := c.Get(fiber.HeaderContentType)
	if ct == "" {
		b := c.Body()
		i := 0
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
		return i < len(b) && (b[i] == '{' || b[i] == '[')
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func textProblem(c *fiber.Ctx, p *textguard.Problem) error {
	e := Fail(http.StatusBadRequest, p.Code, p.Location+" "+p.Reason)
	e.Body.Details = []ErrorDetail{{Location: p.Location, Message: p.Reason}}
	return c.Status(http.StatusBadRequest).JSON(e)
}
