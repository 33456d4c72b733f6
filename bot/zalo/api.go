package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
)

// maxReply bounds what is read of a reply: results are small JSON objects.
const maxReply = 1 << 20

// maxDrain bounds what is read of a reply's rest before closing it, so
// that its connection can be reused; a longer rest costs more than a new
// connection.
const maxDrain = 64 << 10

// maxReason bounds the platform's description quoted in an error.
const maxReason = 300

// envelope is the reply of every method. Zalo documents testWebhook's
// error code in camelCase, so both spellings are read.
type envelope struct {
	OK             flag            `json:"ok"`
	Result         json.RawMessage `json:"result"`
	Description    str             `json:"description"`
	ErrorCode      num             `json:"error_code"`
	ErrorCodeCamel num             `json:"errorCode"`
}

// call POSTs params as JSON to method and decodes the result into out
// (nil: ignored). It returns the error code of a failed call (the body's,
// else the HTTP status; 0 on a network error) and a *bot.PlatformError
// whose text never holds the token.
func (a *Adapter) call(ctx context.Context, method string, params, out any) (int, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return 0, a.fail(bot.Rejected, method+": encode parameters: "+err.Error())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+method, bytes.NewReader(body))
	if err != nil {
		return 0, a.fail(bot.Rejected, method+": "+err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		return 0, a.fail(bot.Temporary, method+": "+err.Error())
	}
	defer drainClose(resp.Body)
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil {
		return 0, a.fail(bot.Temporary, method+": read reply: "+err.Error())
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		// Not JSON (a proxy's error page): the HTTP status is all there is.
		if resp.StatusCode/100 == 2 {
			return 0, a.fail(bot.Temporary, method+": reply is not JSON")
		}
		return resp.StatusCode, a.codeError(method, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if env.OK {
		if out != nil && len(env.Result) > 0 && string(env.Result) != "null" {
			if err := json.Unmarshal(env.Result, out); err != nil {
				return 0, a.fail(bot.Temporary, method+": bad result: "+err.Error())
			}
		}
		return 0, nil
	}
	code := int(env.ErrorCode)
	if code == 0 {
		code = int(env.ErrorCodeCamel)
	}
	if code == 0 && resp.StatusCode/100 != 2 {
		code = resp.StatusCode
	}
	return code, a.codeError(method, code, string(env.Description))
}

// codeError maps Zalo's error codes (HTTP-like) to the kinds of
// bot.PlatformError. Zalo documents 403 as "Internal server error" (sic),
// so it is temporary rather than a block; a failure without a code is
// temporary too.
func (a *Adapter) codeError(method string, code int, desc string) error {
	reason := fmt.Sprintf("%s: %d %s", method, code, clip(desc, maxReason))
	switch {
	case code == http.StatusUnauthorized:
		return a.fail(bot.Unauthorized, reason)
	case code == http.StatusTooManyRequests:
		return &bot.PlatformError{Kind: bot.RateLimited, RetryAfter: a.quotaWait, Reason: a.redact(reason)}
	case code == http.StatusForbidden, code == http.StatusRequestTimeout, code >= 500, code < 400:
		return a.fail(bot.Temporary, reason)
	}
	return a.fail(bot.Rejected, reason) // 400, 404, 426 and the other 4xx
}

// fail builds a *bot.PlatformError with the token removed from reason.
func (a *Adapter) fail(kind bot.ErrorKind, reason string) *bot.PlatformError {
	return &bot.PlatformError{Kind: kind, Reason: a.redact(reason)}
}

// redact removes the token from s, as written and as a URL escapes it
// (Go's *url.Error quotes the request URL).
func (a *Adapter) redact(s string) string {
	if a.token == "" {
		return s
	}
	for _, t := range []string{a.token, url.PathEscape(a.token), url.QueryEscape(a.token)} {
		s = strings.ReplaceAll(s, t, "<token>")
	}
	return s
}

// clip shortens s to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// drainClose reads what is left of a body (up to maxDrain) and closes it,
// so that the connection goes back to the pool.
func drainClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, maxDrain)
	_ = body.Close()
}
