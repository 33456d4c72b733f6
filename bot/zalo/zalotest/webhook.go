package zalotest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"
)

// SecretHeader carries the webhook's secret on every delivery.
const SecretHeader = "X-Bot-Api-Secret-Token"

// ErrNoWebhook is returned by the Deliver* methods when no webhook is set.
var ErrNoWebhook = errors.New("zalotest: no webhook is set")

// webhook is the registered webhook ("" url: none).
type webhook struct {
	url       string
	secret    string
	updatedAt int64 // ms
}

type webhookInfoJSON struct {
	URL       string `json:"url"`
	UpdatedAt int64  `json:"updated_at,omitempty"`
}

type verificationJSON struct {
	OK      bool   `json:"ok"`
	URL     string `json:"url"`
	Outcome string `json:"outcome"`
	Hint    string `json:"hint"`
}

type setWebhookJSON struct {
	webhookInfoJSON
	Verification verificationJSON `json:"verification"`
}

// setWebhook: url (https unless SetAllowHTTPWebhook), secret_token of
// 8–256 characters. The fake does not probe the URL: verification always
// says webhook.ok.
func (s *Server) setWebhook(r *request) (any, *Fault) {
	url, secret := r.str("url"), r.str("secret_token")
	s.mu.Lock()
	defer s.mu.Unlock()
	if !isHTTPURL(url, s.allowHTTP) {
		return nil, badRequest("url must be a public https URL")
	}
	if n := utf8.RuneCountInString(secret); n < 8 || n > 256 {
		return nil, badRequest(fmt.Sprintf("secret_token must be 8-256 characters, got %d", n))
	}
	s.hook = webhook{url: url, secret: secret, updatedAt: time.Now().UnixMilli()}
	s.updates.broadcast() // a parked getUpdates now fails
	return setWebhookJSON{
		webhookInfoJSON: webhookInfoJSON{URL: url, UpdatedAt: s.hook.updatedAt},
		Verification:    verificationJSON{OK: true, URL: url, Outcome: "webhook.ok"},
	}, nil
}

func (s *Server) deleteWebhook(*request) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = webhook{updatedAt: time.Now().UnixMilli()}
	return webhookInfoJSON{UpdatedAt: s.hook.updatedAt}, nil
}

func (s *Server) getWebhookInfo(*request) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return webhookInfoJSON{URL: s.hook.url, UpdatedAt: s.hook.updatedAt}, nil
}

// testWebhook answers like a successful probe of the webhook, up to the
// daily quota; beyond it, 426 with a camelCase errorCode, as documented.
func (s *Server) testWebhook(*request) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook.url == "" {
		return nil, badRequest("no webhook is set")
	}
	if s.hookTests++; s.hookTests > s.cfg.TestWebhookQuota {
		return nil, &Fault{Status: http.StatusUpgradeRequired, CamelCase: true,
			Description: "testWebhook daily quota exceeded"}
	}
	return verificationJSON{OK: true, URL: s.hook.url, Outcome: "webhook.ok"}, nil
}

// Webhook returns the registered webhook's URL and secret ("" when none).
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook.url, s.hook.secret
}

// SetWebhookClient sets the client the Deliver* methods use (an
// httptest.NewTLSServer's Client() to deliver to an https webhook).
func (s *Server) SetWebhookClient(c *http.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hookHTTP = c
}

// DeliverWebhook POSTs ev (an Event, or anything encodable as JSON) to the
// registered webhook with the secret header, as Zalo does: wrapped in
// {"ok":true,"result":ev,"error_code":0} (the documented form) or bare (the
// form reported from production). It returns the webhook's HTTP status, or
// ErrNoWebhook when none is set.
func (s *Server) DeliverWebhook(ctx context.Context, wrapped bool, ev any) (int, error) {
	body, err := webhookBody(wrapped, ev)
	if err != nil {
		return 0, err
	}
	return s.DeliverRaw(ctx, body)
}

// DeliverTwice delivers ev twice, as a delivery that was retried: both
// carry the same message_id. It returns both statuses.
func (s *Server) DeliverTwice(ctx context.Context, wrapped bool, ev any) (first, second int, err error) {
	body, err := webhookBody(wrapped, ev)
	if err != nil {
		return 0, 0, err
	}
	if first, err = s.DeliverRaw(ctx, body); err != nil {
		return first, 0, err
	}
	second, err = s.DeliverRaw(ctx, body)
	return first, second, err
}

// DeliverRaw POSTs body as is to the registered webhook with the secret
// header and returns the webhook's HTTP status.
func (s *Server) DeliverRaw(ctx context.Context, body []byte) (int, error) {
	s.mu.Lock()
	hook, client := s.hook, s.hookHTTP
	s.mu.Unlock()
	if hook.url == "" {
		return 0, ErrNoWebhook
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("zalotest: webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Java/17.0.2")
	req.Header.Set(SecretHeader, hook.secret)
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("zalotest: deliver to webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

func webhookBody(wrapped bool, ev any) ([]byte, error) {
	v := ev
	if wrapped {
		v = map[string]any{"ok": true, "result": ev, "error_code": 0}
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("zalotest: encode event: %w", err)
	}
	return body, nil
}
