package bot_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		label          string
		text           string
		name, at, args string
		ok             bool
	}{
		{"bare command", "/start", "start", "", "", true},
		{"mixed case with bot name and args", "/Start@ChungSucBot g_HN", "start", "chungsucbot", "g_HN", true},
		{"args trimmed, inner spaces kept", "/help   extra  words ", "help", "", "extra  words", true},
		{"newline ends the name", "/khaibao\nline2", "khaibao", "", "line2", true},
		{"newline keeps later lines", "/khaibao\nline2\nline3", "khaibao", "", "line2\nline3", true},
		{"tab ends the name", "/help\tme", "help", "", "me", true},
		{"bot name without args", "/help@OtherBot", "help", "otherbot", "", true},
		{"digits and underscore", "/step_2 x", "step_2", "", "x", true},
		{"32-character name", "/" + strings.Repeat("a", 32), strings.Repeat("a", 32), "", "", true},
		{"slash alone", "/", "", "", "", false},
		{"space after slash", "/ abc", "", "", "", false},
		{"plain text", "hello", "", "", "", false},
		{"empty text", "", "", "", "", false},
		{"leading space", " /start", "", "", "", false},
		{"non-ASCII letter", "/căn", "", "", "", false},
		{"non-ASCII letter with args", "/căn hộ", "", "", "", false},
		{"33-character name", "/" + strings.Repeat("a", 33), "", "", "", false},
		{"hyphen", "/khai-bao", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			name, at, args, ok := bot.ParseCommand(tt.text)
			if got, want := ok, tt.ok; got != want {
				t.Fatalf("ParseCommand(%q) ok = %v, want %v", tt.text, got, want)
			}
			if got, want := name, tt.name; got != want {
				t.Errorf("name = %q, want %q", got, want)
			}
			if got, want := at, tt.at; got != want {
				t.Errorf("at = %q, want %q", got, want)
			}
			if got, want := args, tt.args; got != want {
				t.Errorf("args = %q, want %q", got, want)
			}
		})
	}
}

// routeRecorder records which handler saw which command.
type routeRecorder struct{ calls []string }

func (r *routeRecorder) handler(label string) bot.HandlerFunc[state] {
	return func(_ context.Context, c *bot.Context, _ state) error {
		r.calls = append(r.calls, label+":"+c.Command+":"+c.Args)
		return nil
	}
}

func TestRouterRoutesMessages(t *testing.T) {
	tests := []struct {
		label string
		text  string
		want  string // the one call recorded, or "" for none
	}{
		{"command", "/start", "start:start:"},
		{"alias reaches the same handler", "/batdau g_HN", "start:batdau:g_HN"},
		{"command is case-insensitive", "/HeLp", "help:help:"},
		{"alias registered in upper case", "/trogiup", "help:trogiup:"},
		{"addressed to this bot", "/help@ChungSucBot", "help:help:"},
		{"addressed to this bot in lower case", "/help@chungsucbot now", "help:help:now"},
		{"addressed to another bot in our private chat is ours", "/help@OtherBot", "help:help:"},
		{"unknown command reaches Default with Command set", "/nope a b", "default:nope:a b"},
		{"free text reaches Default without Command", "xin chào", "default::"},
		{"invalid command reaches Default as text", "/căn", "default::"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			rec := &routeRecorder{}
			r := bot.NewRouter[state](nil, catalogue{})
			r.SetBotName("@ChungSucBot")
			r.Command(rec.handler("start"), "start", "batdau")
			r.Command(rec.handler("help"), "help", "TroGiup")
			r.Default(rec.handler("default"))

			if _, err := serve(r, message("1", tt.text)); err != nil {
				t.Fatalf("Serve: %v", err)
			}
			var want []string
			if tt.want != "" {
				want = []string{tt.want}
			}
			if got := rec.calls; !slices.Equal(got, want) {
				t.Errorf("calls = %q, want %q", got, want)
			}
		})
	}
}

func TestRouterInAGroupLeavesOtherBotsCommands(t *testing.T) {
	rec := &routeRecorder{}
	r := bot.NewRouter[state](nil, catalogue{})
	r.SetBotName("ChungSucBot")
	r.Command(rec.handler("help"), "help")
	r.Default(rec.handler("default"))
	u := message("1", "/help@OtherBot")
	u.Chat = bot.Chat{ID: "-100", Private: false}
	if _, err := serve(r, u); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if len(rec.calls) != 0 {
		t.Errorf("calls = %q, want none: the command is another bot's", rec.calls)
	}
}

func TestRouterTakesCommandsFromTextOnly(t *testing.T) {
	for _, fill := range []func(u *bot.Update){
		func(u *bot.Update) { u.Photo = &bot.Photo{FileID: "p"} },
		func(u *bot.Update) { u.Media = "document" },
		func(u *bot.Update) { u.Contact = &bot.Contact{Phone: "0912345678"} },
	} {
		rec := &routeRecorder{}
		r := bot.NewRouter[state](nil, catalogue{})
		r.Command(rec.handler("start"), "start")
		r.Default(rec.handler("default"))
		u := message("1", "/start now")
		fill(u)
		if _, err := serve(r, u); err != nil {
			t.Fatalf("Serve: %v", err)
		}
		if got, want := strings.Join(rec.calls, ","), "default::"; got != want {
			t.Errorf("a caption starting with / gave calls %q, want %q", got, want)
		}
	}
}

func TestRouterWithoutBotNameHandlesAnyAddressee(t *testing.T) {
	rec := &routeRecorder{}
	r := bot.NewRouter[state](nil, catalogue{})
	r.Command(rec.handler("help"), "help")
	if _, err := serve(r, message("1", "/help@OtherBot")); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got, want := strings.Join(rec.calls, ","), "help:help:"; got != want {
		t.Errorf("calls = %q, want %q", got, want)
	}
}

func TestRouterIgnoredUpdateDoesNothing(t *testing.T) {
	rec := &routeRecorder{}
	r := bot.NewRouter[state](nil, catalogue{})
	r.Command(rec.handler("start"), "start")
	r.Default(rec.handler("default"))
	u := message("1", "/start")
	u.Kind = bot.KindIgnored
	c, err := serve(r, u)
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got, want := len(rec.calls), 0; got != want {
		t.Errorf("handler calls = %d, want %d", got, want)
	}
	if got, want := len(c.Outgoing()), 0; got != want {
		t.Errorf("outgoing = %d (%s), want %d", got, describe(c.Outgoing()), want)
	}
}

func TestRouterWithoutDefaultReportsError(t *testing.T) {
	r := bot.NewRouter[state](nil, catalogue{})
	if _, err := serve(r, message("1", "hello")); err == nil {
		t.Error("Serve of free text without a Default handler returned nil, want an error")
	}
}

func TestRouterPassesHandlerError(t *testing.T) {
	want := bot.Errorf(bot.Invalid, "deed.bad_date")
	r := bot.NewRouter[state](nil, catalogue{})
	r.Command(func(context.Context, *bot.Context, state) error { return want }, "start")
	_, err := serve(r, message("1", "/start"))
	var ue *bot.UserError
	if !errors.As(err, &ue) {
		t.Fatalf("Serve error = %v, want a *UserError", err)
	}
	if got, want := ue.Key, "deed.bad_date"; got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
}

func TestRouterCommandsSorted(t *testing.T) {
	r := bot.NewRouter[state](nil, catalogue{})
	noop := func(context.Context, *bot.Context, state) error { return nil }
	r.Command(noop, "start", "Batdau")
	r.Group().Command(noop, "help")
	if got, want := r.Commands(), []string{"batdau", "help", "start"}; !slices.Equal(got, want) {
		t.Errorf("Commands() = %q, want %q", got, want)
	}
}

// tracer returns middleware that logs "name>" before and "<name" after the
// handler it wraps.
func tracer(log *[]string, name string) bot.Middleware[state] {
	return func(next bot.HandlerFunc[state]) bot.HandlerFunc[state] {
		return func(ctx context.Context, c *bot.Context, s state) error {
			*log = append(*log, name+">")
			err := next(ctx, c, s)
			*log = append(*log, "<"+name)
			return err
		}
	}
}

func TestMiddlewareOrder(t *testing.T) {
	var log []string
	handler := func(name string) bot.HandlerFunc[state] {
		return func(context.Context, *bot.Context, state) error {
			log = append(log, name)
			return nil
		}
	}
	r := bot.NewRouter[state](nil, catalogue{})
	r.Use(tracer(&log, "r1"), tracer(&log, "r2"))
	admin := r.Group(tracer(&log, "g1"), tracer(&log, "g2"))
	admin.Command(handler("admin"), "admin")
	admin.Use(tracer(&log, "late"))
	admin.Command(handler("stats"), "stats")
	r.Command(handler("start"), "start")
	r.Default(handler("default"))
	r.Use(tracer(&log, "r3")) // added after the routes, still applies to them

	tests := []struct {
		label string
		text  string
		want  []string
	}{
		{"router middleware outside group middleware, first given outermost", "/admin",
			[]string{"r1>", "r2>", "r3>", "g1>", "g2>", "admin", "<g2", "<g1", "<r3", "<r2", "<r1"}},
		{"group Use applies to routes added after it", "/stats",
			[]string{"r1>", "r2>", "r3>", "g1>", "g2>", "late>", "stats", "<late", "<g2", "<g1", "<r3", "<r2", "<r1"}},
		{"group middleware does not leak to router routes", "/start",
			[]string{"r1>", "r2>", "r3>", "start", "<r3", "<r2", "<r1"}},
		{"group middleware does not leak to Default", "hello",
			[]string{"r1>", "r2>", "r3>", "default", "<r3", "<r2", "<r1"}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			log = nil
			if _, err := serve(r, message("1", tt.text)); err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if got, want := log, tt.want; !slices.Equal(got, want) {
				t.Errorf("trace = %q\nwant    %q", got, want)
			}
		})
	}
}

func TestGroupMiddlewareStopsHandler(t *testing.T) {
	denied := errors.New("denied")
	called := false
	r := bot.NewRouter[state](nil, catalogue{})
	g := r.Group(func(bot.HandlerFunc[state]) bot.HandlerFunc[state] {
		return func(context.Context, *bot.Context, state) error { return denied }
	})
	g.Command(func(context.Context, *bot.Context, state) error { called = true; return nil }, "admin")
	_, err := serve(r, message("1", "/admin"))
	if !errors.Is(err, denied) {
		t.Errorf("Serve error = %v, want %v", err, denied)
	}
	if called {
		t.Error("handler ran although its group middleware refused")
	}
}

func TestGroupsFromOneSliceKeepTheirOwnMiddleware(t *testing.T) {
	var log []string
	noop := func(context.Context, *bot.Context, state) error { return nil }
	r := bot.NewRouter[state](nil, catalogue{})
	common := make([]bot.Middleware[state], 0, 4)
	common = append(common, tracer(&log, "common"))
	admins := r.Group(common...)
	helpers := r.Group(common...)
	admins.Use(tracer(&log, "admin"))
	helpers.Use(tracer(&log, "helper"))
	admins.Command(noop, "admin")
	helpers.Command(noop, "help")

	if _, err := serve(r, message("1", "/admin")); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got, want := log, []string{"common>", "admin>", "<admin", "<common"}; !slices.Equal(got, want) {
		t.Errorf("trace = %q, want %q", got, want)
	}
}
