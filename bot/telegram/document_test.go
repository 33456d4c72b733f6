package telegram_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

func TestSendDocument(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	content := []byte("Họ tên,Số việc\nLan,3\n")
	id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutDoc, ChatID: lanChat, FileName: "bao-cao.csv",
		Content: content, Text: "<b>Báo cáo</b> tháng 5"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := f.Sent()
	if got, want := len(sent), 1; got != want {
		t.Fatalf("%d messages sent, want %d", got, want)
	}
	s := sent[0]
	tests := []struct {
		label, got, want string
	}{
		{"sent as a document", s.Method, "sendDocument"},
		{"uploaded under its file name", s.Document, "bao-cao.csv"},
		{"with the file's bytes", string(s.Upload.Data), string(content)},
		{"with the HTML caption", s.PlainText, "Báo cáo tháng 5"},
		{"returning the message's id", id, strconv.FormatInt(s.MessageID, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestSendDocumentErrors(t *testing.T) {
	doc := bot.Outgoing{Kind: bot.OutDoc, ChatID: lanChat, FileName: "bao-cao.csv", Content: []byte("a,b\n")}
	tests := []struct {
		label     string
		setup     func(f *telegramtest.Server)
		caption   string
		wantKind  bot.ErrorKind
		wantRetry time.Duration
	}{
		{"a blocked chat is Blocked", func(f *telegramtest.Server) { f.Block(4201) }, "", bot.Blocked, 0},
		{"bad HTML in the caption is Rejected", nil, "<b>x", bot.Rejected, 0},
		{"429 is RateLimited with retry after",
			func(f *telegramtest.Server) { f.FailNext("sendDocument", 1, telegramtest.TooManyRequests(9)) },
			"", bot.RateLimited, 9 * time.Second},
		{"502 is Temporary",
			func(f *telegramtest.Server) {
				f.FailNext("sendDocument", 1, telegramtest.ServerError(http.StatusBadGateway))
			},
			"", bot.Temporary, 0},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			if tt.setup != nil {
				tt.setup(f)
			}
			m := doc
			m.Text = tt.caption
			_, err := a.Send(waitCtx(t), m)
			pe := wantPlatformError(t, err, tt.wantKind)
			if got, want := pe.RetryAfter, tt.wantRetry; got != want {
				t.Errorf("RetryAfter = %s, want %s", got, want)
			}
			wantNoToken(t, err)
		})
	}
}
