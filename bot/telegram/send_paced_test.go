package telegram_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

func TestSendPaidBroadcast(t *testing.T) {
	text := bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Lời kêu gọi", Keyboard: deedKeyboard}
	photo := bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: "AgACAgIAAxkBAAIBY2ZfYm9vdA", Text: "ảnh"}
	doc := bot.Outgoing{Kind: bot.OutDoc, ChatID: lanChat, FileName: "bao-cao.csv", Content: []byte("a,b\n"), Text: "báo cáo"}
	long := bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: lines("Dòng #: chung sức đồng lòng", 6000)}
	tests := []struct {
		label string
		msg   bot.Outgoing
		sends int
	}{
		{"a text", text, 1},
		{"a photo", photo, 1},
		{"a document", doc, 1},
		{"every part of a long text", long, 0},
	}
	for _, tt := range tests {
		for _, paid := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, paid %v", tt.label, paid), func(t *testing.T) {
				f := startFake(t)
				a := newAdapter(t, f, 0)
				m := tt.msg
				m.PaidBroadcast = paid
				if _, err := a.Send(waitCtx(t), m); err != nil {
					t.Fatalf("Send: %v", err)
				}
				sent := f.Sent()
				if tt.sends > 0 && len(sent) != tt.sends {
					t.Fatalf("%d sends, want %d", len(sent), tt.sends)
				}
				if len(sent) == 0 {
					t.Fatal("nothing sent")
				}
				for _, s := range sent {
					got, want := s.Params.Get("allow_paid_broadcast"), ""
					if paid {
						want = "true"
					}
					if got != want {
						t.Errorf("%s: allow_paid_broadcast = %q, want %q", s.Method, got, want)
					}
				}
				if m.Keyboard != nil && len(sent[len(sent)-1].Buttons()) == 0 {
					t.Errorf("the keyboard was lost")
				}
			})
		}
	}
}

func TestSendNeverWaitsOutA429(t *testing.T) {
	// A 429 must pause the whole platform, which only the dispatcher can
	// do: the adapter returns it at once, an upload's included.
	const retryAfter = 30
	tests := []struct {
		method string
		msg    bot.Outgoing
	}{
		{"sendMessage", bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Xin chào"}},
		{"sendPhoto", bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: "AgACAgIAAxkBAAIBY2ZfYm9vdA"}},
		{"sendDocument", bot.Outgoing{Kind: bot.OutDoc, ChatID: lanChat, FileName: "a.csv", Content: []byte("a\n")}},
		{"editMessageText", bot.Outgoing{Kind: bot.OutEdit, ChatID: lanChat, MessageID: "1", Text: "x"}},
		{"answerCallbackQuery", bot.Outgoing{Kind: bot.OutAnswer, ChatID: lanChat, CallbackID: "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			f.FailNext(tt.method, 1, telegramtest.TooManyRequests(retryAfter))
			start := time.Now()
			_, err := a.Send(waitCtx(t), tt.msg)
			if took := time.Since(start); took >= retryAfter*time.Second {
				t.Errorf("Send took %v: it waited out the 429", took)
			}
			if got, want := bot.RetryAfterOf(err), retryAfter*time.Second; got != want {
				t.Errorf("Send = %v, want RateLimited with retry after %v", err, want)
			}
		})
	}
}

func TestIsGroup(t *testing.T) {
	for chat, want := range map[string]bool{"4201": false, "-4201": true, "-1001234567890": true, "": false} {
		if got := telegram.IsGroup(chat); got != want {
			t.Errorf("IsGroup(%q) = %v, want %v", chat, got, want)
		}
	}
}
