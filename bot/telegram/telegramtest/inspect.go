package telegramtest

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"time"
)

// File is an uploaded file received in a multipart request.
type File struct {
	Name string
	Data []byte
}

func (f *File) clone() *File {
	if f == nil {
		return nil
	}
	return &File{Name: f.Name, Data: slices.Clone(f.Data)}
}

// Sent is one successful message-producing call (sendMessage, sendPhoto,
// sendDocument, editMessageText, editMessageCaption,
// editMessageReplyMarkup) as recorded by the server. Failed calls,
// including injected faults, are never recorded (see Failures).
type Sent struct {
	// Method is the canonical method name, e.g. "sendMessage".
	Method string
	// ChatID and MessageID identify the message created or edited.
	ChatID    int64
	MessageID int64
	// Text is the text parameter exactly as sent (markup included).
	Text string
	// PlainText is the text or caption the user sees: after HTML entity
	// parsing for parse_mode HTML, identical to Text/Caption otherwise.
	PlainText string
	// ParseMode is the parse_mode parameter.
	ParseMode string
	// Caption is the caption parameter exactly as sent.
	Caption string
	// Photo and Document are the media reference: a file_id, a URL or,
	// for uploads, the uploaded file's name.
	Photo    string
	Document string
	// Upload is the uploaded file of a multipart request, if any.
	Upload *File
	// FileID is the file id the photo or document has in the message
	// sent: the one it was sent by, or a new one for an upload or a URL.
	// getFile serves an uploaded file's bytes under it (see FileBytes).
	FileID string
	// ReplyMarkup is the reply_markup JSON as sent, nil when absent.
	ReplyMarkup json.RawMessage
	// ReplyToMessageID is the reply_to_message_id parameter.
	ReplyToMessageID int64
	// DisableWebPagePreview is the disable_web_page_preview parameter.
	DisableWebPagePreview bool
	// Params holds every request parameter as received.
	Params url.Values
	// At is when the server accepted the call.
	At time.Time
}

// Buttons returns the keyboard of ReplyMarkup row by row: the inline
// keyboard if there is one, else the reply keyboard, else nil.
func (s Sent) Buttons() [][]Button { return parseButtons(s.ReplyMarkup) }

// clone returns a deep copy of s.
func (s Sent) clone() Sent {
	s.Upload = s.Upload.clone()
	s.ReplyMarkup = slices.Clone(s.ReplyMarkup)
	s.Params = cloneValues(s.Params)
	return s
}

// Sent returns a copy of every recorded send, in the order the server
// accepted them.
func (s *Server) Sent() []Sent {
	return s.sentWhere(func(Sent) bool { return true })
}

// SentTo returns a copy of the recorded sends to chatID, in order.
func (s *Server) SentTo(chatID int64) []Sent {
	return s.sentWhere(func(m Sent) bool { return m.ChatID == chatID })
}

// LastTo returns the most recent recorded send to chatID.
func (s *Server) LastTo(chatID int64) (Sent, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.lastSent[chatID]
	if !ok {
		return Sent{}, false
	}
	return s.sent[i].clone(), true
}

// WaitLast blocks until the latest send to chatID satisfies pred, and
// returns it. pred runs under the server's lock and must not call the
// server. Unlike WaitFor it copies nothing but that one send, so many
// waiters can follow many chats at once. It returns ctx.Err() if ctx ends
// first and ErrClosed if the server closes first.
func (s *Server) WaitLast(ctx context.Context, chatID int64, pred func(Sent) bool) (Sent, error) {
	var found Sent
	err := s.waitUntil(ctx, &s.sentChanged, func() bool {
		i, ok := s.lastSent[chatID]
		if ok && pred(s.sent[i]) {
			found = s.sent[i].clone()
			return true
		}
		return false
	})
	return found, err
}

func (s *Server) sentWhere(keep func(Sent) bool) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sent
	for _, m := range s.sent {
		if keep(m) {
			out = append(out, m.clone())
		}
	}
	return out
}

// WaitSent blocks until at least n sends have been recorded in total. It
// returns ctx.Err() if ctx ends first and ErrClosed if the server closes
// first.
func (s *Server) WaitSent(ctx context.Context, n int) error {
	return s.waitUntil(ctx, &s.sentChanged, func() bool { return len(s.sent) >= n })
}

// WaitFor blocks until pred, called with all sends recorded so far,
// returns true. pred is evaluated at once and again after new sends are
// recorded, outside the server's lock (so it may call Server methods). The
// slice it gets is a fresh copy but its elements share memory with the
// server's records: pred must not modify them. WaitFor returns ctx.Err()
// if ctx ends first and ErrClosed if the server closes first.
func (s *Server) WaitFor(ctx context.Context, pred func(all []Sent) bool) error {
	for {
		s.mu.Lock()
		all, closed, wake := slices.Clone(s.sent), s.closed, s.sentChanged.wait()
		s.mu.Unlock()
		if pred(all) {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Calls returns how many requests reached method (canonical name, e.g.
// "sendMessage"), whatever their outcome: failures, injected faults and
// requests while Down count too.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Answered reports whether the callback query callbackID was answered and
// with which text.
func (s *Server) Answered(callbackID string) (text string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb, found := s.callbacks[callbackID]
	if !found || !cb.answered {
		return "", false
	}
	return cb.text, true
}

// WaitAnswered blocks until the callback query callbackID is answered and
// returns the answer's text. It returns ctx.Err() if ctx ends first and
// ErrClosed if the server closes first.
func (s *Server) WaitAnswered(ctx context.Context, callbackID string) (string, error) {
	var text string
	err := s.waitUntil(ctx, &s.sentChanged, func() bool {
		cb, ok := s.callbacks[callbackID]
		if ok && cb.answered {
			text = cb.text
		}
		return ok && cb.answered
	})
	return text, err
}

// Failure is a call the server refused on its own account, as Telegram
// would (a bad request, a blocked user, a flood limit set with
// SetRateLimit), not an injected fault.
type Failure struct {
	// Method is the canonical method name, e.g. "editMessageText".
	Method string
	// ChatID is the call's chat_id parameter (0 when absent or not a number).
	ChatID int64
	// Code and Description are the error_code and description answered,
	// e.g. 400 and "Bad Request: there is no text in the message to edit".
	Code        int
	Description string
}

// recordFailure keeps the error e answered to a call of method.
func (s *Server) recordFailure(method string, r *request, e *apiError) {
	chatID, _, _ := r.int64("chat_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, Failure{Method: method, ChatID: chatID, Code: e.code, Description: e.desc})
}

// Failures returns the calls the server refused on its own account, in
// order: what Telegram would have refused too.
func (s *Server) Failures() []Failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.failures)
}
