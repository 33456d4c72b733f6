package zalotest

import (
	"net/http"
	"time"
)

// Fault is an error reply; FailNext makes the server give one instead of
// serving a request. Build it with QuotaExceeded, ServerError, BadRequest,
// Forbidden, Unauthorized, RequestTimeout, NonJSON or ConnectionDrop, or
// fill it in.
type Fault struct {
	// Status is the HTTP status of the reply.
	Status int
	// Code is the body's error code; 0 means Status.
	Code        int
	Description string
	// CamelCase writes the code as "errorCode" (as testWebhook's 426 is
	// documented) instead of "error_code".
	CamelCase bool
	// Body, when set, is sent as is (an HTML error page of a proxy, not
	// JSON) instead of the envelope.
	Body string
	// Drop closes the connection without any reply instead.
	Drop bool
}

func (f *Fault) code() int {
	if f.Code != 0 {
		return f.Code
	}
	return f.Status
}

var (
	errNotFound     = &Fault{Status: http.StatusNotFound, Description: "Not Found"}
	errUnauthorized = &Fault{Status: http.StatusUnauthorized, Description: "Unauthorized"}
	errQuota        = &Fault{Status: http.StatusTooManyRequests, Description: "Quota exceeded"}
	errTimeout      = &Fault{Status: http.StatusRequestTimeout, Description: "Request timeout"}
	// errBlocked is Zalo's only documented 403, "Internal server error" (sic).
	errBlocked = &Fault{Status: http.StatusForbidden, Description: "Internal server error"}
)

func badRequest(desc string) *Fault {
	return &Fault{Status: http.StatusBadRequest, Description: desc}
}

// QuotaExceeded is Zalo's 429 "Quota exceeded", which gives no retry_after.
func QuotaExceeded() Fault { return *errQuota }

// ServerError is a 5xx reply whose description is the status text.
func ServerError(status int) Fault {
	return Fault{Status: status, Description: http.StatusText(status)}
}

// BadRequest is a 400 reply.
func BadRequest(desc string) Fault { return *badRequest(desc) }

// Forbidden is a 403 reply (documented by Zalo as "Internal server error").
func Forbidden(desc string) Fault { return Fault{Status: http.StatusForbidden, Description: desc} }

// Unauthorized is the 401 of an invalid or reset token.
func Unauthorized() Fault { return *errUnauthorized }

// RequestTimeout is the 408 "Request timeout" of an idle long poll.
func RequestTimeout() Fault { return *errTimeout }

// NonJSON is a reply with status and an HTML body, as a proxy in front of
// the API may give.
func NonJSON(status int) Fault {
	return Fault{Status: status, Body: "<html><body><h1>" + http.StatusText(status) + "</h1></body></html>"}
}

// ConnectionDrop closes the connection without replying, which clients see
// as a transport error.
func ConnectionDrop() Fault { return Fault{Drop: true} }

type faultEntry struct {
	fault Fault
	skip  int // requests still let through before the fault applies
	left  int
}

// FailNext makes the next n requests to method (e.g. "sendMessage"; "" for
// any method) fail with f. Faults for a specific method take precedence
// over "" ones; several FailNext calls for one method queue up in order. A
// failed request has no effect: nothing is sent, queued or taken.
func (s *Server) FailNext(method string, n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faultEntry{fault: f, left: n})
}

// FailLater is FailNext after letting the next `after` requests to method
// through: FailLater("sendMessage", 1, 2, f) serves the first part of a
// long text and fails the next two requests.
func (s *Server) FailLater(method string, after, n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faultEntry{fault: f, skip: max(after, 0), left: n})
}

// takeFault consumes the next injected fault that applies to method.
func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{method, ""} {
		queue := s.faults[key]
		if len(queue) == 0 {
			continue
		}
		if queue[0].skip > 0 {
			queue[0].skip--
			continue
		}
		f := queue[0].fault
		if queue[0].left--; queue[0].left == 0 {
			queue = queue[1:]
		}
		if len(queue) == 0 {
			delete(s.faults, key)
		} else {
			s.faults[key] = queue
		}
		return f, true
	}
	return Fault{}, false
}

// Block makes every send to chatID fail with 403, as Zalo answers a chat
// the bot may no longer write to.
func (s *Server) Block(chatID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// Unblock undoes Block.
func (s *Server) Unblock(chatID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.blocked, chatID)
}

// SetRateLimit enables a global quota: once perSecond sending calls
// (sendMessage, sendPhoto, sendSticker) were admitted within the last
// second, further ones get 429 "Quota exceeded". perSecond <= 0 disables it.
func (s *Server) SetRateLimit(perSecond int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = max(perSecond, 0)
	s.paceLog = nil
}

// admitPaced reports whether a sending call fits in the rate limit and, if
// so, records it.
func (s *Server) admitPaced() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rateLimit == 0 {
		return true
	}
	now := time.Now()
	cutoff := now.Add(-time.Second)
	i := 0
	for i < len(s.paceLog) && !s.paceLog[i].After(cutoff) {
		i++
	}
	s.paceLog = s.paceLog[i:]
	if len(s.paceLog) >= s.rateLimit {
		return false
	}
	s.paceLog = append(s.paceLog, now)
	return true
}
