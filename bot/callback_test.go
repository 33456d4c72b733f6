package bot_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

func TestSignerSign(t *testing.T) {
	s := bot.NewSigner([]byte("secret"))
	tests := []struct {
		label   string
		action  string
		params  []string
		wantErr bool
	}{
		{"action alone", "start", nil, false},
		{"action with params", "deed", []string{"42", "ok"}, false},
		{"empty param", "deed", []string{""}, false},
		{"param with colon", "deed", []string{"a:b"}, true},
		{"param with bar", "deed", []string{"a|b"}, true},
		{"action with colon", "de:ed", nil, true},
		{"action with bar", "de|ed", nil, true},
		{"exactly 64 bytes", strings.Repeat("a", bot.MaxCallbackData-9), nil, false},
		{"65 bytes", strings.Repeat("a", bot.MaxCallbackData-8), nil, true},
		{"params push it over 64 bytes", "deed", []string{strings.Repeat("9", 30), strings.Repeat("8", 30)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			data, err := s.Sign("user-1", tt.action, tt.params...)
			if got, want := err != nil, tt.wantErr; got != want {
				t.Fatalf("Sign error = %v, want error: %v", err, want)
			}
			if err != nil {
				return
			}
			if got, max := len(data), bot.MaxCallbackData; got > max {
				t.Errorf("len(data) = %d, over %d", got, max)
			}
			action, params, err := s.Verify("user-1", data)
			if err != nil {
				t.Fatalf("Verify(%q): %v", data, err)
			}
			if got, want := action, tt.action; got != want {
				t.Errorf("action = %q, want %q", got, want)
			}
			want := tt.params
			if want == nil {
				want = []string{}
			}
			if got := params; !slices.Equal(got, want) {
				t.Errorf("params = %q, want %q", got, want)
			}
		})
	}
}

func TestSignerVerify(t *testing.T) {
	key := []byte("stable key")
	signer := bot.NewSigner(key)
	data, err := signer.Sign("A", "deed", "42")
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	payload, _, _ := strings.Cut(data, "|")

	tests := []struct {
		label  string
		signer *bot.Signer
		user   string
		data   string
		ok     bool
	}{
		{"same signer, same user", signer, "A", data, true},
		{"another signer with the same key", bot.NewSigner([]byte("stable key")), "A", data, true},
		{"another key", bot.NewSigner([]byte("other key")), "A", data, false},
		{"another user", signer, "B", data, false},
		{"forged signature", signer, "A", "start:x|AAAAAAAA", false},
		{"payload without signature", signer, "A", payload, false},
		{"empty signature", signer, "A", payload + "|", false},
		{"empty payload", signer, "A", "|" + strings.SplitN(data, "|", 2)[1], false},
		{"changed param", signer, "A", strings.Replace(data, "42", "43", 1), false},
		{"empty data", signer, "A", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			action, params, err := tt.signer.Verify(tt.user, tt.data)
			if !tt.ok {
				if !errors.Is(err, bot.ErrBadCallback) {
					t.Errorf("Verify(%q) error = %v, want ErrBadCallback", tt.data, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Verify(%q): %v", tt.data, err)
			}
			if got, want := action, "deed"; got != want {
				t.Errorf("action = %q, want %q", got, want)
			}
			if got, want := params, []string{"42"}; !slices.Equal(got, want) {
				t.Errorf("params = %q, want %q", got, want)
			}
		})
	}
}

func TestNewSignerCopiesKey(t *testing.T) {
	key := []byte("secret")
	s := bot.NewSigner(key)
	data, err := s.Sign("A", "x")
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	key[0] = 'X'
	if _, _, err := s.Verify("A", data); err != nil {
		t.Errorf("Verify after the caller changed its key slice: %v", err)
	}
}

// callbackRouter returns a router with a signer whose "menu" command shows
// a "deed" button and whose "deed" callback records what it saw.
func callbackRouter(t *testing.T, seen *[]string, answer bool) *bot.Router[state] {
	t.Helper()
	r := bot.NewRouter[state](bot.NewSigner([]byte("k")), catalogue{})
	r.Command(func(_ context.Context, c *bot.Context, _ state) error {
		c.Send("menu", bot.Inline(bot.Row(c.Button("Xong", "deed", "42", "done"))))
		return nil
	}, "menu")
	r.Callback("deed", func(_ context.Context, c *bot.Context, _ state) error {
		*seen = append(*seen, c.Action+":"+strings.Join(c.Params, ","))
		if answer {
			c.Answer("đã ghi", false)
		}
		c.Edit("done", nil)
		return nil
	})
	r.Callback("other", func(context.Context, *bot.Context, state) error { return nil })
	return r
}

// buttonFor returns the data of the button the "menu" command shows to user.
func buttonFor(t *testing.T, r *bot.Router[state], user string) string {
	t.Helper()
	c, err := serve(r, message(user, "/menu"))
	if err != nil {
		t.Fatalf("Serve /menu: %v", err)
	}
	out := c.Outgoing()
	if len(out) != 1 || out[0].Keyboard.Buttons() != 1 {
		t.Fatalf("/menu produced %s, want one message with one button", describe(out))
	}
	return out[0].Keyboard.Rows[0][0].Data
}

func TestRouterCallbacks(t *testing.T) {
	var seen []string
	r := callbackRouter(t, &seen, false)
	dataA := buttonFor(t, r, "A")
	unknown, err := bot.NewSigner([]byte("k")).Sign("A", "gone")
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	payload, _, _ := strings.Cut(dataA, "|")
	const expired = `answer A cb=cb-A "vi/bot.expired_button" alert`

	tests := []struct {
		label    string
		update   *bot.Update
		wantSeen []string
		wantOut  string
	}{
		{"pressed by the person it was shown to", press("A", dataA),
			[]string{"deed:42,done"}, `edit A msg=200 "done"; answer A cb=cb-A ""`},
		{"pressed by someone else", press("B", dataA),
			nil, `answer B cb=cb-B "vi/bot.expired_button" alert`},
		{"forged data", press("A", "start:x|AAAAAAAA"), nil, expired},
		{"data without signature", press("A", payload), nil, expired},
		{"unknown action", press("A", unknown), nil, expired},
		{"empty data", press("A", ""), nil, expired},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			seen = nil
			c, err := serve(r, tt.update)
			if err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if got, want := seen, tt.wantSeen; !slices.Equal(got, want) {
				t.Errorf("handler saw %q, want %q", got, want)
			}
			if got, want := describe(c.Outgoing()), tt.wantOut; got != want {
				t.Errorf("outgoing = %s\nwant       %s", got, want)
			}
		})
	}
}

func TestRouterCallbackAnsweredByHandlerIsNotAnsweredTwice(t *testing.T) {
	var seen []string
	r := callbackRouter(t, &seen, true)
	c, err := serve(r, press("A", buttonFor(t, r, "A")))
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got, want := describe(c.Outgoing()), `answer A cb=cb-A "đã ghi"; edit A msg=200 "done"`; got != want {
		t.Errorf("outgoing = %s\nwant       %s", got, want)
	}
}

func TestRouterCallbackHandlerErrorLeavesPressUnanswered(t *testing.T) {
	boom := errors.New("db down")
	signer := bot.NewSigner([]byte("k"))
	r := bot.NewRouter[state](signer, catalogue{})
	r.Callback("x", func(context.Context, *bot.Context, state) error { return boom })
	data, err := signer.Sign("A", "x")
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	c, err := serve(r, press("A", data))
	if !errors.Is(err, boom) {
		t.Errorf("Serve error = %v, want %v", err, boom)
	}
	if got, want := len(c.Outgoing()), 0; got != want {
		t.Errorf("outgoing = %s, want none (the caller replies to errors)", describe(c.Outgoing()))
	}
}

func TestRouterCallbackWithoutCallbackIsIgnored(t *testing.T) {
	r := bot.NewRouter[state](bot.NewSigner([]byte("k")), catalogue{})
	u := press("A", "x")
	u.Callback = nil
	c, err := serve(r, u)
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got := len(c.Outgoing()); got != 0 {
		t.Errorf("outgoing = %s, want none", describe(c.Outgoing()))
	}
}

func TestRouterWithoutSignerUsesPlainData(t *testing.T) {
	var seen []string
	r := bot.NewRouter[state](nil, catalogue{})
	r.Command(func(_ context.Context, c *bot.Context, _ state) error {
		c.Send("menu", bot.Inline(bot.Row(c.Button("Go", "deed", "7"))))
		return nil
	}, "menu")
	r.Callback("deed", func(_ context.Context, c *bot.Context, _ state) error {
		seen = append(seen, c.Action+":"+strings.Join(c.Params, ","))
		return nil
	})
	data := buttonFor(t, r, "A")
	if got, want := data, "deed:7"; got != want {
		t.Errorf("button data = %q, want %q", got, want)
	}
	if _, err := serve(r, press("B", data)); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got, want := seen, []string{"deed:7"}; !slices.Equal(got, want) {
		t.Errorf("handler saw %q, want %q", got, want)
	}
}

func TestButtonPanicsOnBadData(t *testing.T) {
	tests := []struct {
		label  string
		params []string
	}{
		{"separator in a param", []string{"a:b"}},
		{"data over 64 bytes", []string{strings.Repeat("x", 60)}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			r := bot.NewRouter[state](bot.NewSigner([]byte("k")), catalogue{})
			r.Command(func(_ context.Context, c *bot.Context, _ state) error {
				c.Button("x", "deed", tt.params...)
				return nil
			}, "menu")
			defer func() {
				if recover() == nil {
					t.Error("Button did not panic")
				}
			}()
			_, _ = serve(r, message("A", "/menu"))
		})
	}
}
