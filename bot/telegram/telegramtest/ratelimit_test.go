package telegramtest

import (
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// limitedBot starts a fake server behind a front enforcing lim, and a
// tgbotapi client connected to the front.
func limitedBot(t *testing.T, lim Limits) (*Server, *Limited, *tgbotapi.BotAPI) {
	t.Helper()
	srv := New(Config{})
	t.Cleanup(srv.Close)
	front := srv.Limited(lim)
	t.Cleanup(front.Close)
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), front.Endpoint())
	if err != nil {
		t.Fatalf("NewBotAPIWithAPIEndpoint: %v", err)
	}
	return srv, front, bot
}

func TestLimited(t *testing.T) {
	tests := []struct {
		label string
		lim   Limits
		chats []int64 // one sendMessage to each, at once
		// wantOK is how many go through; the rest get 429.
		wantOK int
	}{
		{"the global rate", Limits{PerSecond: 3}, []int64{1, 2, 3, 4, 5}, 3},
		{"one private chat", Limits{ChatEvery: time.Minute}, []int64{7, 7, 8, 7}, 2},
		{"one group chat", Limits{GroupPerMinute: 2}, []int64{-5, -5, -5, -6}, 3},
		{"no limits", Limits{}, []int64{1, 1, 1, -1, -1, -1}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			srv, front, bot := limitedBot(t, tt.lim)
			ok := 0
			for _, chat := range tt.chats {
				_, err := bot.Send(tgbotapi.NewMessage(chat, "xin chào"))
				if err == nil {
					ok++
					continue
				}
				apiErr := wantAPIError(t, err, 429, "Too Many Requests: retry after 1")
				if got, want := apiErr.RetryAfter, 1; got != want {
					t.Errorf("retry_after = %d, want %d", got, want)
				}
			}
			if ok != tt.wantOK {
				t.Errorf("%d went through, want %d", ok, tt.wantOK)
			}
			if got, want := front.Refused(), len(tt.chats)-tt.wantOK; got != want {
				t.Errorf("Refused = %d, want %d", got, want)
			}
			if got, want := len(srv.Sent()), tt.wantOK; got != want {
				t.Errorf("the server recorded %d sends, want %d: refused ones never reach it", got, want)
			}
			if got, want := len(front.Admitted()), tt.wantOK; got != want {
				t.Errorf("Admitted = %d, want %d", got, want)
			}
		})
	}
	t.Run("the server's faults still apply behind it", func(t *testing.T) {
		srv, front, bot := limitedBot(t, Limits{PerSecond: 100})
		srv.Block(9)
		_, err := bot.Send(tgbotapi.NewMessage(9, "x"))
		wantAPIError(t, err, 403, "Forbidden: bot was blocked by the user")
		srv.FailNext("sendMessage", 1, ServerError(502))
		_, err = bot.Send(tgbotapi.NewMessage(10, "x"))
		wantAPIError(t, err, 502, "Bad Gateway")
		if got, want := front.Busiest(time.Second, nil), 2; got != want {
			t.Errorf("Busiest = %d, want %d", got, want)
		}
	})
	t.Run("polling and getMe are not limited", func(t *testing.T) {
		_, front, bot := limitedBot(t, Limits{PerSecond: 1})
		for range 3 {
			if _, err := bot.GetMe(); err != nil {
				t.Fatal(err)
			}
		}
		if got := front.Refused(); got != 0 {
			t.Errorf("Refused = %d, want 0", got)
		}
	})
}
