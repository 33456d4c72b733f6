package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// MaxCallbackData is Telegram's limit on a button's callback data, in bytes.
const MaxCallbackData = 64

const sigLen = 6 // bytes of HMAC kept: 48 bits, 8 characters of base64

// ErrBadCallback means callback data was forged, damaged or signed with
// another key: the button must not act.
var ErrBadCallback = errors.New("callback data is not valid")

// Signer signs button data so that a button acts only for the person it was
// shown to and only if this bot made it. Data reads
// "action:param:param|signature".
type Signer struct {
	key []byte
}

// NewSigner returns a Signer with a secret key (keep it stable across
// restarts, or every button on screen expires).
func NewSigner(key []byte) *Signer {
	return &Signer{key: append([]byte(nil), key...)}
}

// Sign returns callback data for action and params, bound to userID. It
// returns an error for an empty action, if a param holds ':' or '|', or if
// the result would be longer than MaxCallbackData.
func (s *Signer) Sign(userID, action string, params ...string) (string, error) {
	if action == "" {
		return "", errors.New("sign callback: empty action")
	}
	for _, p := range append([]string{action}, params...) {
		if strings.ContainsAny(p, ":|") {
			return "", fmt.Errorf("sign callback: %q holds a separator", p)
		}
	}
	payload := strings.Join(append([]string{action}, params...), ":")
	data := payload + "|" + s.mac(userID, payload)
	if len(data) > MaxCallbackData {
		return "", fmt.Errorf("sign callback: %d bytes, over %d", len(data), MaxCallbackData)
	}
	return data, nil
}

// Verify checks data against userID and returns its action and params, or
// ErrBadCallback.
func (s *Signer) Verify(userID, data string) (action string, params []string, err error) {
	payload, sig, ok := strings.Cut(data, "|")
	if !ok || payload == "" {
		return "", nil, ErrBadCallback
	}
	if subtle.ConstantTimeCompare([]byte(sig), []byte(s.mac(userID, payload))) != 1 {
		return "", nil, ErrBadCallback
	}
	parts := strings.Split(payload, ":")
	return parts[0], parts[1:], nil
}

func (s *Signer) mac(userID, payload string) string {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte(userID))
	h.Write([]byte{0})
	h.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:sigLen])
}
