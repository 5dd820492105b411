package api

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/ratelimit"
)

// ParseTrustedProxies reads SOUK_TRUSTED_PROXIES items: CIDR prefixes
// ("10.0.0.0/8", "fd00::/8") or single addresses.
func ParseTrustedProxies(items []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if p, err := netip.ParsePrefix(it); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(it)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is neither an address nor a CIDR prefix", it)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

type clientAddrKey struct{}

// ClientAddr is the client's address as the server determined it: the
// socket's peer, or, when the peer is a trusted proxy, the right-most
// address in X-Forwarded-For that is not itself a trusted proxy.
func ClientAddr(ctx context.Context) (netip.Addr, bool) {
	a, ok := ctx.Value(clientAddrKey{}).(netip.Addr)
	return a, ok
}

// resolveClientAddr puts the client address in the request's context.
func (s *Server) resolveClientAddr(c *fiber.Ctx) error {
	c.SetUserContext(context.WithValue(c.UserContext(), clientAddrKey{}, s.clientAddr(c)))
	return c.Next()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr walks X-Forwarded-For from the right only while each hop is a
// trusted proxy: entries further left were written by whoever sent the
// request and prove nothing. Without trusted proxies the header is ignored.
func (s *Server) clientAddr(c *fiber.Ctx) netip.Addr {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	peer = peer.Unmap()
	if len(s.TrustedProxies) == 0 || !s.trusted(peer) {
		return peer
	}
	var hops []string
	c.Request().Header.VisitAll(func(k, v []byte) {
		if strings.EqualFold(string(k), fiber.HeaderXForwardedFor) {
			hops = append(hops, strings.Split(string(v), ",")...)
		}
	})
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			// A trusted proxy wrote something that is not an address:
			// the last hop we can vouch for is the client.
			return client
		}
		client = a.Unmap().WithZone("")
		if !s.trusted(client) {
			return client
		}
	}
	return client
}

// clientKey is the rate-limit key of a client address: the address for
// IPv4, its /64 for IPv6 (one subscriber's share, which a single client can
// rotate through at will).
func clientKey(a netip.Addr) string {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// authLimit is the budget each client address has on each of the login,
// signup and PIN routes, shared by all nodes.
func (s *Server) authLimit() ratelimit.Limit {
	return ratelimit.Limit{Max: s.AuthRateLimit, Window: s.AuthRateWindow}
}

// limitAuthRoutes slows password and PIN guessing per client address, on
// top of the durable PIN lockout. The budget is per route and client and
// lives in the database, so every node spends the same one.
func (s *Server) limitAuthRoutes() {
	if s.DB == nil {
		return
	}
	limiter := ratelimit.New(s.DB)
	for name, p := range map[string]string{"signup": "/api/v1/auth/signup", "login": "/api/v1/auth/login", "pin": "/api/v1/me/pin",
		"device": "/api/v1/device/code"} {
		s.App.Use(p, func(c *fiber.Ctx) error {
			addr, _ := ClientAddr(c.UserContext())
			d, err := limiter.Allow(c.UserContext(), "auth:"+name+":"+clientKey(addr), s.authLimit())
			if err != nil {
				return &internalError{cause: fmt.Errorf("rate limit: %w", err)}
			}
			if !d.Allowed {
				secs := int64((d.RetryAfter + time.Second - 1) / time.Second)
				c.Set(fiber.HeaderRetryAfter, strconv.FormatInt(secs, 10))
				return c.Status(http.StatusTooManyRequests).JSON(Fail(http.StatusTooManyRequests, "rate_limited",
					"too many attempts from your address; try again in "+strconv.FormatInt(secs, 10)+" s"))
			}
			return c.Next()
		})
	}
}
