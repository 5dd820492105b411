package webhooks

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ValidateURL checks an endpoint URL: https with a host, no credentials, no
// fragment; http only to localhost when allowLocalHTTP (development).
func ValidateURL(raw string, allowLocalHTTP bool) error {
	if len(raw) > 2000 {
		return fail(CodeInvalidURL, "the URL is longer than 2000 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fail(CodeInvalidURL, "%q is not an absolute URL", raw)
	}
	if u.User != nil {
		return fail(CodeInvalidURL, "the URL must not carry credentials; verify deliveries with the signing secret")
	}
	if u.Fragment != "" {
		return fail(CodeInvalidURL, "the URL must not have a fragment")
	}
	host := strings.ToLower(u.Hostname())
	switch u.Scheme {
	case "https":
	case "http":
		if !allowLocalHTTP || !isLocalHost(host) {
			return fail(CodeInvalidURL, "webhook URLs must be https://")
		}
	default:
		return fail(CodeInvalidURL, "webhook URLs must be https://")
	}
	if !allowLocalHTTP {
		if isLocalHost(host) || strings.HasSuffix(host, ".localhost") {
			return fail(CodeInvalidURL, "webhook URLs must point to a public host")
		}
		if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
			return fail(CodeInvalidURL, "webhook URLs must point to a public address")
		}
	}
	return nil
}

func isLocalHost(h string) bool {
	return h == "localhost" || h == "127.0.0.1" || h == "::1"
}

// publicAddr reports whether a delivery may connect to ip.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() &&
		!netip.MustParsePrefix("100.64.0.0/10").Contains(ip) // carrier-grade NAT
}

// newTransport dials only public addresses unless allowLocal: a URL that
// passed validation can still resolve to an internal address (DNS
// rebinding), so the check is made on the address actually dialled.
func newTransport(allowLocal bool) *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if !allowLocal {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("webhooks: dial %s: %w", address, err)
			}
			if !publicAddr(ap.Addr()) {
				return fmt.Errorf("webhooks: refusing to deliver to non-public address %s", ap.Addr())
			}
			return nil
		}
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
	}
}
