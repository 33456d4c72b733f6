package telegramtest

import (
	"encoding/json"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// callParams calls method with params through tgbotapi, as the adapter does.
func callParams(bot *tgbotapi.BotAPI, method string, params map[string]string) (*tgbotapi.APIResponse, error) {
	return bot.MakeRequest(method, tgbotapi.Params(params))
}

func TestMyDescriptionPerLanguage(t *testing.T) {
	srv, bot := newBot(t)
	for _, c := range []struct{ method, param, lang, text string }{
		{"setMyDescription", "description", "", "Trợ lý của phong trào"},
		{"setMyDescription", "description", "en", "The movement's assistant"},
		{"setMyShortDescription", "short_description", "", "Chung sức"},
		{"setMyShortDescription", "short_description", "en", "Joining forces"},
	} {
		params := map[string]string{c.param: c.text}
		if c.lang != "" {
			params["language_code"] = c.lang
		}
		if _, err := callParams(bot, c.method, params); err != nil {
			t.Fatalf("%s(%q): %v", c.method, c.lang, err)
		}
	}

	tests := []struct {
		label     string
		got, want string
	}{
		{"the default description has no language", srv.Description(""), "Trợ lý của phong trào"},
		{"the English description is kept apart", srv.Description("en"), "The movement's assistant"},
		{"a language never set has none, without falling back", srv.Description("vi"), ""},
		{"the default short description has no language", srv.ShortDescription(""), "Chung sức"},
		{"the English short description is kept apart", srv.ShortDescription("en"), "Joining forces"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}

	t.Run("getMyDescription and getMyShortDescription answer like the real API", func(t *testing.T) {
		for _, c := range []struct{ method, param, lang, want string }{
			{"getMyDescription", "description", "en", "The movement's assistant"},
			{"getMyShortDescription", "short_description", "", "Chung sức"},
			{"getMyDescription", "description", "fr", ""},
		} {
			resp, err := callParams(bot, c.method, map[string]string{"language_code": c.lang})
			if err != nil {
				t.Fatalf("%s(%q): %v", c.method, c.lang, err)
			}
			var got map[string]string
			if err := json.Unmarshal(resp.Result, &got); err != nil {
				t.Fatalf("%s result %s: %v", c.method, resp.Result, err)
			}
			if got[c.param] != c.want {
				t.Errorf("%s(%q) = %s, want %s %q", c.method, c.lang, resp.Result, c.param, c.want)
			}
		}
	})

	t.Run("an empty text removes the one for that language only", func(t *testing.T) {
		if _, err := callParams(bot, "setMyDescription", map[string]string{"description": "", "language_code": "en"}); err != nil {
			t.Fatal(err)
		}
		if got := srv.Description("en"); got != "" {
			t.Errorf("Description(en) after removal = %q, want none", got)
		}
		if got, want := srv.Description(""), "Trợ lý của phong trào"; got != want {
			t.Errorf("removal touched the default: %q, want %q", got, want)
		}
	})
}

func TestMyDescriptionValidation(t *testing.T) {
	tests := []struct {
		label    string
		method   string
		params   map[string]string
		wantDesc string // "" = accepted
	}{
		{"512 Vietnamese characters fit, though they take more bytes", "setMyDescription",
			map[string]string{"description": strings.Repeat("đ", 512)}, ""},
		{"513 characters are too long", "setMyDescription",
			map[string]string{"description": strings.Repeat("a", 513)}, "Bad Request: description is too long"},
		{"an emoji counts twice, as Telegram counts", "setMyDescription",
			map[string]string{"description": strings.Repeat("🤝", 256) + "x"}, "Bad Request: description is too long"},
		{"120 characters fit a short description", "setMyShortDescription",
			map[string]string{"short_description": strings.Repeat("ư", 120)}, ""},
		{"121 characters are too long for a short description", "setMyShortDescription",
			map[string]string{"short_description": strings.Repeat("a", 121)}, "Bad Request: short description is too long"},
		{"a language code is two letters", "setMyDescription",
			map[string]string{"description": "x", "language_code": "vietnamese"}, "Bad Request: invalid language code specified"},
		{"a language code is lower-case", "setMyShortDescription",
			map[string]string{"short_description": "x", "language_code": "VI"}, "Bad Request: invalid language code specified"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			srv, bot := newBot(t)
			_, err := callParams(bot, tt.method, tt.params)
			if tt.wantDesc == "" {
				if err != nil {
					t.Fatalf("%s: %v", tt.method, err)
				}
				return
			}
			wantAPIError(t, err, 400, tt.wantDesc)
			if got := srv.Description(tt.params["language_code"]) + srv.ShortDescription(tt.params["language_code"]); got != "" {
				t.Errorf("a refused text was stored: %q", got)
			}
		})
	}
}
