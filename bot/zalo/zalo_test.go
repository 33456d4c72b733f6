package zalo_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

func TestNewKeepsTheBotFromGetMe(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	if got, want := a.Name(), "zalo:"+zalotest.DefaultBotID; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
	if got, want := a.ID(), "1459232241454765289"; got != want {
		t.Errorf("ID = %q, want %q (exact: it exceeds 2^53)", got, want)
	}
	if got, want := a.AccountName(), zalotest.DefaultAccountName; got != want {
		t.Errorf("AccountName = %q, want %q", got, want)
	}
	if got := f.Calls("getMe"); got != 1 {
		t.Errorf("getMe calls = %d, want 1", got)
	}
}

func TestCapsDeclareTextAndPhotoByURLOnly(t *testing.T) {
	a := newAdapter(t, startFake(t), 0)
	want := bot.Caps{Name: "Zalo", PhotoURL: true, TextLimit: zalo.MaxText, CaptionLimit: zalo.PartLimit}
	if got := a.Caps(); got != want {
		t.Errorf("Caps = %+v, want %+v", got, want)
	}
}

func TestNewWithARejectedTokenReturnsErrTokenRejected(t *testing.T) {
	f := startFake(t)
	_, err := zalo.New(waitCtx(t), zalo.Config{Token: "1459232241454765289:wrong", Endpoint: f.URL()})
	if !errors.Is(err, bot.ErrTokenRejected) {
		t.Fatalf("New = %v, want bot.ErrTokenRejected", err)
	}
}

func TestNewWhenZaloFailsReturnsAPlatformError(t *testing.T) {
	f := startFake(t)
	f.FailNext("getMe", 1, zalotest.ServerError(http.StatusBadGateway))
	_, err := zalo.New(waitCtx(t), zalo.Config{Token: testToken, Endpoint: f.URL()})
	wantKind(t, err, bot.Temporary)
}

// TestRequestShape checks the wire format against a bare server: POST of
// JSON to /bot<token>/<method>, the poll timeout as a string of seconds.
func TestRequestShape(t *testing.T) {
	type seen struct{ method, path, ctype, body string }
	got := make(chan seen, 4)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.URL.Path, r.Header.Get("Content-Type"), string(b)}
		if strings.HasSuffix(r.URL.Path, "/getMe") {
			_, _ = io.WriteString(w, `{"ok":true,"result":{"id":"1459232241454765289","account_name":"bot.x"}}`)
			return
		}
		w.WriteHeader(http.StatusRequestTimeout)
		_, _ = io.WriteString(w, `{"ok":false,"error_code":408,"description":"Request timeout"}`)
	}))
	t.Cleanup(ts.Close)
	a, err := zalo.New(waitCtx(t), zalo.Config{Token: testToken, Endpoint: ts.URL + "/"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if us, err := a.Poll(waitCtx(t), 42); err != nil || us != nil {
		t.Fatalf("Poll = %v, %v; want nil, nil", us, err)
	}
	for _, want := range []seen{
		{"POST", "/bot" + testToken + "/getMe", "application/json", `{}`},
		{"POST", "/bot" + testToken + "/getUpdates", "application/json", `{"timeout":"30"}`},
	} {
		if s := <-got; s != want {
			t.Errorf("request = %+v, want %+v", s, want)
		}
	}
}

// TestErrorMapping checks each reply Zalo can give to a send.
func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name  string
		fault zalotest.Fault
		want  bot.ErrorKind
	}{
		{"429 quota exceeded is rate limited", zalotest.QuotaExceeded(), bot.RateLimited},
		{"403 is temporary (documented as internal server error)", zalotest.Forbidden("Internal server error"), bot.Temporary},
		{"400 is rejected", zalotest.BadRequest("text is too long"), bot.Rejected},
		{"404 is rejected", zalotest.Fault{Status: 404, Description: "Not Found"}, bot.Rejected},
		{"401 is unauthorized", zalotest.Unauthorized(), bot.Unauthorized},
		{"500 is temporary", zalotest.ServerError(500), bot.Temporary},
		{"503 is temporary", zalotest.ServerError(503), bot.Temporary},
		{"408 on a send is temporary", zalotest.RequestTimeout(), bot.Temporary},
		{"a dropped connection is temporary", zalotest.ConnectionDrop(), bot.Temporary},
		{"a non-JSON 502 is temporary", zalotest.NonJSON(502), bot.Temporary},
		{"a non-JSON 400 is rejected", zalotest.NonJSON(400), bot.Rejected},
		{"a non-JSON 200 is temporary", zalotest.NonJSON(200), bot.Temporary},
		{"ok false decides over HTTP 200", zalotest.Fault{Status: 200, Code: 429, Description: "Quota exceeded"}, bot.RateLimited},
		{"a camelCase errorCode is read", zalotest.Fault{Status: 200, Code: 400, CamelCase: true}, bot.Rejected},
		{"the body's code decides over the status", zalotest.Fault{Status: 500, Code: 400}, bot.Rejected},
		{"ok false without a code takes the status", zalotest.Fault{Status: 404, Body: `{"ok":false}`}, bot.Rejected},
		{"ok false without a code on 200 is temporary", zalotest.Fault{Status: 200, Body: `{"ok":false}`}, bot.Temporary},
	}
	f := startFake(t)
	a := newAdapter(t, f, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.FailNext("sendMessage", 1, tt.fault)
			_, err := send(t, a, lan, "xin chào")
			pe := wantKind(t, err, tt.want)
			if tt.want == bot.RateLimited && pe.RetryAfter <= 0 {
				t.Errorf("RetryAfter = %v, want a positive default", pe.RetryAfter)
			}
		})
	}
	if n := len(f.Sent()); n != 0 {
		t.Errorf("%d messages recorded after failures, want 0", n)
	}
}

func TestQuotaExceededWaitsTheDefault(t *testing.T) {
	f := startFake(t)
	a, err := zalo.New(waitCtx(t), zalo.Config{Token: testToken, Endpoint: f.URL()})
	if err != nil {
		t.Fatal(err)
	}
	f.FailNext("sendMessage", 1, zalotest.QuotaExceeded())
	_, err = send(t, a, lan, "xin chào")
	if got := bot.RetryAfterOf(err); got != zalo.QuotaRetryAfter {
		t.Errorf("RetryAfter = %v, want %v", got, zalo.QuotaRetryAfter)
	}
}

func TestBlockedChatIsTemporary(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	f.Block(lan)
	_, err := send(t, a, lan, "xin chào")
	wantKind(t, err, bot.Temporary)
}

// TestErrorsNeverHoldTheToken covers every path an error takes: the
// platform's refusals, a network error (Go's *url.Error quotes the URL,
// token included) and New.
func TestErrorsNeverHoldTheToken(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	var errs []error
	for _, fault := range []zalotest.Fault{zalotest.ServerError(500), zalotest.Unauthorized(),
		zalotest.NonJSON(502), zalotest.ConnectionDrop(), {Status: 400, Description: "bad token " + testToken}} {
		f.FailNext("sendMessage", 1, fault)
		_, err := send(t, a, lan, "xin chào")
		errs = append(errs, err)
	}
	_, err := a.FetchPhoto(waitCtx(t), bot.Photo{URL: f.URL() + "/files/none?t=" + testToken})
	errs = append(errs, err)
	f.Close()
	_, err = send(t, a, lan, "xin chào")
	network := err
	errs = append(errs, err)
	_, err = a.Poll(waitCtx(t), 0)
	errs = append(errs, err)
	_, err = zalo.New(waitCtx(t), zalo.Config{Token: testToken, Endpoint: f.URL()})
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Errorf("error %d is nil", i)
			continue
		}
		if s := err.Error(); strings.Contains(s, tokenSecret) {
			t.Errorf("error %d holds the token: %s", i, s)
		}
	}
	if !strings.Contains(network.Error(), "/bot<token>/sendMessage") {
		t.Errorf("network error = %q, want the URL with the token replaced", network)
	}
}

func TestTimeoutIsSentAsWholeSecondsString(t *testing.T) {
	bodies := make(chan map[string]any, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/getMe") {
			_, _ = io.WriteString(w, `{"ok":true,"result":{"id":"1"}}`)
			return
		}
		var m map[string]any
		_ = json.NewDecoder(r.Body).Decode(&m)
		bodies <- m
		_, _ = io.WriteString(w, `{"ok":false,"error_code":408}`)
	}))
	t.Cleanup(ts.Close)
	a, err := zalo.New(waitCtx(t), zalo.Config{Token: testToken, Endpoint: ts.URL, PollTimeout: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Poll(waitCtx(t), 0); err != nil {
		t.Fatalf("Poll: %v", err)
	}
	if got := <-bodies; got["timeout"] != "2" {
		t.Errorf("timeout = %#v, want \"2\"", got["timeout"])
	}
}
