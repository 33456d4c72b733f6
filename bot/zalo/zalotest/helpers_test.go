package zalotest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// reply is a decoded reply of the fake, with its raw body.
type reply struct {
	Status         int
	OK             bool            `json:"ok"`
	Result         json.RawMessage `json:"result"`
	ErrorCode      int             `json:"error_code"`
	ErrorCodeCamel int             `json:"errorCode"`
	Description    string          `json:"description"`
	Raw            string
}

func start(t *testing.T) *Server {
	t.Helper()
	s := New()
	t.Cleanup(s.Close)
	return s
}

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// call POSTs params as JSON to method with the server's token; like do,
// it may run in a goroutine of its own.
func call(t *testing.T, s *Server, method string, params any) reply {
	body, err := json.Marshal(params)
	if err != nil {
		return reply{Raw: err.Error()}
	}
	return do(t, s.MethodURL(method), "application/json", bytes.NewReader(body))
}

// callForm POSTs params form-urlencoded to method.
func callForm(t *testing.T, s *Server, method string, params url.Values) reply {
	t.Helper()
	return do(t, s.MethodURL(method), "application/x-www-form-urlencoded", strings.NewReader(params.Encode()))
}

// do POSTs body to u. It never stops the test (it may run in a goroutine
// of its own): a transport error comes back as status 0 with the error as
// Raw, which wantOK and wantError then report.
func do(t *testing.T, u, ctype string, body io.Reader) reply {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, body)
	if err != nil {
		return reply{Raw: err.Error()}
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{Raw: err.Error()}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{Status: resp.StatusCode, Raw: string(raw)}
	_ = json.Unmarshal(raw, &r)
	return r
}

// wantError fails unless r is an error reply with status and code.
func wantError(t *testing.T, r reply, status int) {
	t.Helper()
	if r.OK || r.Status != status || r.ErrorCode != status {
		t.Fatalf("reply = %d %s, want an error %d", r.Status, r.Raw, status)
	}
}

// wantOK fails unless r is a success and decodes its result into v.
func wantOK(t *testing.T, r reply, v any) {
	t.Helper()
	if !r.OK || r.Status != http.StatusOK {
		t.Fatalf("reply = %d %s, want ok", r.Status, r.Raw)
	}
	if v != nil {
		if err := json.Unmarshal(r.Result, v); err != nil {
			t.Fatalf("result %s: %v", r.Result, err)
		}
	}
}
