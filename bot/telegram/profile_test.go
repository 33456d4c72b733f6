package telegram_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

func TestSetProfile(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	ctx := waitCtx(t)
	for _, p := range []struct{ lang, desc, short string }{
		{"", "Chung Sức là trợ lý của phong trào.", "Trợ lý phong trào"},
		{"en", "Chung Sức is the movement's assistant.", "The movement's assistant"},
	} {
		if err := a.SetProfile(ctx, p.lang, p.desc, p.short); err != nil {
			t.Fatalf("SetProfile(%q): %v", p.lang, err)
		}
	}
	tests := []struct {
		label     string
		lang      string
		wantDesc  string
		wantShort string
	}{
		{"the default profile is stored without language", "", "Chung Sức là trợ lý của phong trào.", "Trợ lý phong trào"},
		{"the English profile is stored for en", "en", "Chung Sức is the movement's assistant.", "The movement's assistant"},
		{"no other language is set", "vi", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got, want := f.Description(tt.lang), tt.wantDesc; got != want {
				t.Errorf("Description(%q) = %q, want %q", tt.lang, got, want)
			}
			if got, want := f.ShortDescription(tt.lang), tt.wantShort; got != want {
				t.Errorf("ShortDescription(%q) = %q, want %q", tt.lang, got, want)
			}
		})
	}
	t.Run("empty texts remove the profile of that language", func(t *testing.T) {
		if err := a.SetProfile(ctx, "en", "", ""); err != nil {
			t.Fatalf("SetProfile(en, empty): %v", err)
		}
		if got := f.Description("en") + f.ShortDescription("en"); got != "" {
			t.Errorf("English profile after removal = %q, want none", got)
		}
		if got := f.Description(""); got == "" {
			t.Error("removing the English profile removed the default one")
		}
	})
}

func TestSetProfileErrors(t *testing.T) {
	tests := []struct {
		label       string
		setup       func(f *telegramtest.Server)
		lang        string
		desc, short string
		wantKind    bot.ErrorKind
		wantCalls   int // setMyShortDescription calls
	}{
		{"a description over 512 characters is Rejected", nil,
			"", strings.Repeat("đ", telegram.MaxDescription+1), "ngắn", bot.Rejected, 0},
		{"a short description over 120 characters is Rejected", nil,
			"", "mô tả", strings.Repeat("ư", telegram.MaxShortDescription+1), bot.Rejected, 1},
		{"a language code that is not two letters is Rejected", nil,
			"vie", "mô tả", "ngắn", bot.Rejected, 0},
		{"a 502 is Temporary",
			func(f *telegramtest.Server) {
				f.FailNext("setMyDescription", 1, telegramtest.ServerError(http.StatusBadGateway))
			},
			"", "mô tả", "ngắn", bot.Temporary, 0},
		{"a server that is down is Temporary", func(f *telegramtest.Server) { f.Down(true) },
			"", "mô tả", "ngắn", bot.Temporary, 0},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			if tt.setup != nil {
				tt.setup(f)
			}
			err := a.SetProfile(waitCtx(t), tt.lang, tt.desc, tt.short)
			wantPlatformError(t, err, tt.wantKind)
			wantNoToken(t, err)
			if got, want := f.Calls("setMyShortDescription"), tt.wantCalls; got != want {
				t.Errorf("setMyShortDescription called %d times, want %d", got, want)
			}
		})
	}
}
