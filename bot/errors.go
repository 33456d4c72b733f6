package bot

import (
	"errors"
	"fmt"
	"time"
)

// ErrorKind classifies what a platform said when a request failed, so
// that the engine and the dispatcher never look at a platform's codes.
type ErrorKind int

// The kinds of platform error.
const (
	// Temporary: a 5xx or a network error; try again after a back-off.
	Temporary ErrorKind = iota + 1
	// RateLimited: the platform asked to wait RetryAfter (Telegram's 429).
	RateLimited
	// Blocked: the person blocked the bot or deleted their account (403);
	// nothing must be sent to them again.
	Blocked
	// Rejected: the request itself is wrong (400); retrying cannot help.
	Rejected
	// Unauthorized: the token was rejected (401).
	Unauthorized
	// Conflict: another process polls the same token (409).
	Conflict
)

func (k ErrorKind) String() string {
	switch k {
	case Temporary:
		return "temporary"
	case RateLimited:
		return "rate limited"
	case Blocked:
		return "blocked"
	case Rejected:
		return "rejected"
	case Unauthorized:
		return "unauthorized"
	case Conflict:
		return "conflict"
	}
	return "unknown"
}

// PlatformError is the one error type adapters return for a failed
// platform request. Reason is the platform's own description, safe to log
// (adapters strip tokens from it).
type PlatformError struct {
	Kind       ErrorKind
	RetryAfter time.Duration // for RateLimited
	Reason     string
}

func (e *PlatformError) Error() string {
	if e.Kind == RateLimited {
		return fmt.Sprintf("%s (retry after %s): %s", e.Kind, e.RetryAfter, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Reason)
}

// KindOf reports the kind of a platform error anywhere in err's chain, and
// Temporary for any other non-nil error (a network failure, say).
func KindOf(err error) ErrorKind {
	var pe *PlatformError
	if errors.As(err, &pe) {
		return pe.Kind
	}
	return Temporary
}

// RetryAfterOf returns the wait a rate-limited platform asked for, or 0.
func RetryAfterOf(err error) time.Duration {
	var pe *PlatformError
	if errors.As(err, &pe) && pe.Kind == RateLimited {
		return pe.RetryAfter
	}
	return 0
}

// Code classifies an application error: what went wrong from the user's
// point of view.
type Code string

// The application error codes handlers return.
const (
	NotFound     Code = "not_found"
	Invalid      Code = "invalid"
	Unauthorised Code = "unauthorized"
	Conflicting  Code = "conflict"
)

// UserError is an error a person can act on. Key names a catalogue
// message (with Args) that explains it in the person's language; the update
// that caused it changes nothing, and that message is the reply.
type UserError struct {
	Code Code
	Key  string
	Args []any
}

func (e *UserError) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Key) }

// Errorf returns a UserError with the given code and catalogue message.
func Errorf(code Code, key string, args ...any) error {
	return &UserError{Code: code, Key: key, Args: args}
}

// ErrPanic wraps a handler's recovered panic.
var ErrPanic = errors.New("handler panicked")
