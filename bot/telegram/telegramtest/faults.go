package telegramtest

import (
	"net/http"
	"strings"
	"time"
)

// Fault is an error the server returns instead of serving a request; see
// FailNext. Build one with TooManyRequests, ServerError, BadRequest,
// Forbidden or ConnectionDrop.
type Fault struct {
	// Code is the HTTP status and the error_code of the reply.
	Code int
	// Description is the reply's description.
	Description string
	// RetryAfter, when positive, is sent as parameters.retry_after.
	RetryAfter int
	// Drop closes the connection without any reply instead.
	Drop bool
	// Stall holds the request that long (or until the client gives up),
	// then closes the connection without a reply: a network that hangs.
	Stall time.Duration
}

// TooManyRequests is the flood-wait error: 429 "Too Many Requests: retry
// after N" with parameters.retry_after = N.
func TooManyRequests(retryAfterSeconds int) Fault {
	e := tooManyRequests(retryAfterSeconds)
	return Fault{Code: e.code, Description: e.desc, RetryAfter: e.retryAfter}
}

// ServerError is a 5xx reply whose description is the status text, e.g.
// ServerError(502) gives 502 "Bad Gateway".
func ServerError(status int) Fault {
	return Fault{Code: status, Description: http.StatusText(status)}
}

// BadRequest is a 400 reply; desc gets the "Bad Request: " prefix unless it
// already has it.
func BadRequest(desc string) Fault {
	return Fault{Code: http.StatusBadRequest, Description: withPrefix("Bad Request: ", desc)}
}

// Forbidden is a 403 reply; desc gets the "Forbidden: " prefix unless it
// already has it.
func Forbidden(desc string) Fault {
	return Fault{Code: http.StatusForbidden, Description: withPrefix("Forbidden: ", desc)}
}

// ConnectionDrop closes the connection without replying, which clients see
// as a transport error (EOF / connection reset).
func ConnectionDrop() Fault { return Fault{Drop: true} }

// Stalled holds a request for d without answering, then drops it.
func Stalled(d time.Duration) Fault { return Fault{Drop: true, Stall: d} }

func withPrefix(prefix, desc string) string {
	if strings.HasPrefix(desc, prefix) {
		return desc
	}
	return prefix + desc
}

func writeFault(w http.ResponseWriter, r *request, f Fault) {
	if f.Stall > 0 {
		select {
		case <-time.After(f.Stall):
		case <-r.ctx.Done():
		}
	}
	if f.Drop {
		dropConnection(w)
		return
	}
	writeError(w, &apiError{code: f.Code, desc: f.Description, retryAfter: f.RetryAfter})
}

type faultEntry struct {
	fault Fault
	left  int
}

// FailNext makes the next n requests to method (e.g. "sendMessage", or
// FileDownload for the file endpoint; "" for any request, getUpdates and
// downloads included) fail with f. Faults registered for a
// specific method take precedence over "" ones; several FailNext calls for
// the same method queue up in order. A failed request has no effect: it is
// counted by Calls but nothing is sent, confirmed or recorded.
func (s *Server) FailNext(method string, n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faultEntry{fault: f, left: n})
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

// Down simulates an outage: while down, every request (including parked
// long polls) has its connection closed without a reply. Down(false)
// restores service.
func (s *Server) Down(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
	s.updatesChanged.broadcast()
}

// SetRateLimit enables a global flood limit: once perSecond sending calls
// (sendMessage, sendPhoto, sendDocument, editMessageText,
// editMessageCaption, editMessageReplyMarkup) were admitted within the last second, further
// ones get 429 with retry_after 1. perSecond <= 0 disables the limit.
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
	now := s.now()
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
