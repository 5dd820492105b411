package webhooks

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// secretPrefix marks a Standard Webhooks signing secret.
const secretPrefix = "whsec_"

// newSecret returns "whsec_" + base64 of 24 random bytes.
func newSecret() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(b)
}

// secretKey is the HMAC key a secret stands for: the base64 after whsec_.
func secretKey(secret string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil || len(k) == 0 {
		return nil, errors.New("webhooks: malformed signing secret")
	}
	return k, nil
}

// Sign returns the webhook-signature value for one message: one
// space-separated "v1,<base64 HMAC-SHA256>" per secret, over
// id + "." + timestamp + "." + body.
func Sign(secrets []string, id string, timestamp time.Time, body []byte) (string, error) {
	parts := make([]string, 0, len(secrets))
	for _, sec := range secrets {
		key, err := secretKey(sec)
		if err != nil {
			return "", err
		}
		m := hmac.New(sha256.New, key)
		m.Write([]byte(id + "." + strconv.FormatInt(timestamp.Unix(), 10) + "."))
		m.Write(body)
		parts = append(parts, "v1,"+base64.StdEncoding.EncodeToString(m.Sum(nil)))
	}
	return strings.Join(parts, " "), nil
}

// sealer seals secrets at rest when the server has a key.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) sealer {
	if len(key) == 0 {
		return sealer{}
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // New checked the length
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return sealer{aead: aead}
}

// seal returns the stored form: "gcm:" + base64(nonce|ciphertext), or
// "plain:" + secret without a key.
func (s sealer) seal(secret string) string {
	if s.aead == nil {
		return "plain:" + secret
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return "gcm:" + base64.StdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(secret), nil))
}

func (s sealer) open(stored string) (string, error) {
	if v, ok := strings.CutPrefix(stored, "plain:"); ok {
		return v, nil
	}
	v, ok := strings.CutPrefix(stored, "gcm:")
	if !ok || s.aead == nil {
		return "", errors.New("webhooks: a sealed secret needs the server's webhook key")
	}
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return "", errors.New("webhooks: malformed sealed secret")
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return "", errors.New("webhooks: sealed secret does not open with this key")
	}
	return string(plain), nil
}
