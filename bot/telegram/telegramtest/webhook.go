package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// SecretHeader is the header in which a webhook delivery carries the
// secret_token given to setWebhook.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// hookTimeout bounds one webhook delivery.
const hookTimeout = 10 * time.Second

// maxSecret is the longest secret_token Telegram accepts.
const maxSecret = 256

var errWebhookActive = &apiError{code: http.StatusConflict,
	desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}

// webhook is the webhook set with setWebhook.
type webhook struct {
	url, secret    string
	maxConnections int
	allowed        []string
	cancel         context.CancelFunc // stops its delivery goroutine
}

// hookStats counts webhook deliveries.
type hookStats struct {
	deliveries, failures int
	lastErrorDate        int64
	lastError            string
	duplicate            bool
}

// validSecret reports whether a secret_token has only the characters
// Telegram allows: A-Z, a-z, 0-9, _ and - ("" is no secret).
func validSecret(s string) bool { return s == "" || isFileID(s) }

// setWebhook sets (or, with an empty url, removes) the webhook. While one
// is set, getUpdates answers 409 and pushed updates are POSTed to it.
func (s *Server) setWebhook(r *request) (any, *apiError) {
	hookURL, secret := r.get("url"), r.get("secret_token")
	switch {
	case len(secret) > maxSecret:
		return nil, badRequest("secret token is too long")
	case !validSecret(secret):
		return nil, badRequest("secret token contains unallowed characters")
	case hookURL != "" && !isHTTPURL(hookURL):
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	maxConn, present, e := r.int64("max_connections")
	if e != nil {
		return nil, e
	}
	if !present {
		maxConn = 40
	}
	var allowed []string
	if raw := r.get("allowed_updates"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &allowed); err != nil {
			return nil, badRequest("can't parse allowed updates JSON object")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.bool("drop_pending_updates") {
		s.pending = nil
	}
	s.stopHookLocked()
	if hookURL != "" {
		s.startHookLocked(&webhook{url: hookURL, secret: secret, allowed: allowed,
			maxConnections: int(min(max(maxConn, 1), 100))})
	}
	s.updatesChanged.broadcast() // a parked getUpdates learns of the webhook
	return true, nil
}

// deleteWebhook removes the webhook, so that getUpdates works again.
func (s *Server) deleteWebhook(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.bool("drop_pending_updates") {
		s.pending = nil
	}
	s.stopHookLocked()
	s.updatesChanged.broadcast()
	return true, nil
}

func (s *Server) getWebhookInfo(*request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := webhookInfoJSON{PendingUpdateCount: len(s.pending)}
	if h := s.hook; h != nil {
		info.URL, info.MaxConnections, info.AllowedUpdates = h.url, h.maxConnections, h.allowed
		info.LastErrorDate, info.LastErrorMessage = s.hookStats.lastErrorDate, s.hookStats.lastError
	}
	return info, nil
}

// startHookLocked sets h and starts delivering to it, unless the server
// is closed.
func (s *Server) startHookLocked(h *webhook) {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	s.hook = h
	s.hookStats.lastErrorDate, s.hookStats.lastError = 0, ""
	if s.closed {
		cancel()
		return
	}
	workers := max(1, min(s.cfg.WebhookConnections, h.maxConnections))
	if h.maxConnections <= 0 {
		workers = max(1, s.cfg.WebhookConnections)
	}
	for range workers {
		s.delivering.Go(func() { s.deliver(ctx, h) })
	}
}

// stopHookLocked removes the webhook and stops its deliveries.
func (s *Server) stopHookLocked() {
	if s.hook != nil {
		s.hook.cancel()
		s.hook = nil
	}
}

// deliver POSTs the pending updates to h, oldest first, one at a time
// (with Config.WebhookConnections workers, as many at once), until h is
// replaced or removed or the server closes. An update leaves
// the queue once h answered 2xx (twice with SetDuplicateDeliveries); any
// other outcome is tried again after Config.WebhookRetry.
func (s *Server) deliver(ctx context.Context, h *webhook) {
	for {
		u, ok := s.nextDelivery(ctx, h)
		if !ok {
			return
		}
		err := s.post(ctx, h, u.raw)
		if err != nil && ctx.Err() != nil {
			return // the webhook went away during the request
		}
		s.recordDelivery(u.id, err)
		if err == nil {
			continue
		}
		t := time.NewTimer(s.cfg.WebhookRetry)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}

// nextDelivery waits for an update to deliver to h, and reports false
// once h is no longer the webhook.
func (s *Server) nextDelivery(ctx context.Context, h *webhook) (pendingUpdate, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		switch {
		case s.hook != h || s.closed:
			return pendingUpdate{}, false
		case !s.down:
			for i := range s.pending {
				if !s.pending[i].inFlight {
					s.pending[i].inFlight = true
					return s.pending[i], true
				}
			}
		}
		wake := s.updatesChanged.wait()
		s.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
		}
		s.mu.Lock()
	}
}

// post delivers one update body to h; an error for anything but a 2xx.
func (s *Server) post(ctx context.Context, h *webhook, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if h.secret != "" {
		req.Header.Set(SecretHeader, h.secret)
	}
	resp, err := s.hookClient.Do(req)
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err // without the URL, as Telegram reports it
		}
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("Wrong response from the webhook: %s", resp.Status)
	}
	return nil
}

// recordDelivery counts one delivery of update id and, once delivered
// (often enough), takes the update off the queue.
func (s *Server) recordDelivery(id int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.hookChanged.broadcast()
	for i := range s.pending {
		if s.pending[i].id == id {
			s.pending[i].inFlight = false
		}
	}
	defer s.updatesChanged.broadcast() // another worker may take it again
	if err != nil {
		s.hookStats.failures++
		s.hookStats.lastErrorDate, s.hookStats.lastError = s.now().Unix(), err.Error()
		return
	}
	s.hookStats.deliveries++
	want := 1
	if s.hookStats.duplicate {
		want = 2
	}
	for i := range s.pending {
		if s.pending[i].id != id {
			continue
		}
		if s.pending[i].delivered++; s.pending[i].delivered >= want {
			s.pending = append(s.pending[:i:i], s.pending[i+1:]...)
		}
		return
	}
}

// SetDuplicateDeliveries makes every update be delivered to the webhook
// twice in a row (each time until it gets a 2xx), as Telegram does when it
// missed the answer to the first delivery; false restores single
// deliveries.
func (s *Server) SetDuplicateDeliveries(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hookStats.duplicate = on
}

// Webhook returns the URL and secret_token of the webhook set ("" when
// none is).
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook == nil {
		return "", ""
	}
	return s.hook.url, s.hook.secret
}

// Deliveries returns how many webhook deliveries got a 2xx answer.
func (s *Server) Deliveries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hookStats.deliveries
}

// WebhookFailures returns how many webhook deliveries failed: a non-2xx
// answer or no answer at all. Each is tried again.
func (s *Server) WebhookFailures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hookStats.failures
}

// WaitDeliveries blocks until at least n webhook deliveries got a 2xx
// answer. It returns ctx.Err() if ctx ends first and ErrClosed if the
// server closes first.
func (s *Server) WaitDeliveries(ctx context.Context, n int) error {
	return s.waitUntil(ctx, &s.hookChanged, func() bool { return s.hookStats.deliveries >= n })
}
