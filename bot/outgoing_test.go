package bot_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

func TestOutgoingRoundTrip(t *testing.T) {
	tests := []struct {
		label string
		msg   bot.Outgoing
	}{
		{"text with inline keyboard", bot.Outgoing{Kind: bot.OutSend, Platform: "telegram", ChatID: "-100123",
			Text: "<b>Chào</b> &amp; hẹn gặp lại", Keyboard: bot.Inline(
				bot.Row(bot.Button{Text: "Có", Data: "yes|sig"}, bot.Button{Text: "Web", URL: "https://example.org"}))}},
		{"reply keyboard asking for the phone", bot.Outgoing{Kind: bot.OutSend, Platform: "telegram", ChatID: "1",
			Text: "số điện thoại?", Keyboard: &bot.Keyboard{Reply: true, Rows: [][]bot.Button{{{Text: "Gửi số", Contact: true}}}}}},
		{"remove keyboard", bot.Outgoing{Kind: bot.OutSend, Platform: "telegram", ChatID: "1", Text: "ok",
			Keyboard: &bot.Keyboard{Remove: true}}},
		{"edit", bot.Outgoing{Kind: bot.OutEdit, Platform: "telegram", ChatID: "1", MessageID: "55", Text: "mới"}},
		{"edit of a photo's caption", bot.Outgoing{Kind: bot.OutEdit, Platform: "telegram", ChatID: "1", MessageID: "56",
			Caption: true, Text: "<b>Kết quả:</b> đã duyệt", Keyboard: bot.Inline(bot.Row(bot.Button{Text: "🏅", Data: "dm:1|sig"}))}},
		{"answer with alert", bot.Outgoing{Kind: bot.OutAnswer, Platform: "telegram", ChatID: "1", CallbackID: "cb-9",
			Text: "hết hạn", Alert: true, Lang: "vi"}},
		{"photo", bot.Outgoing{Kind: bot.OutPhoto, Platform: "zalo", ChatID: "z", Photo: "file-id", Text: "chú thích"}},
		{"empty", bot.Outgoing{}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			b, err := tt.msg.Encode()
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			got, err := bot.DecodeOutgoing(b)
			if err != nil {
				t.Fatalf("DecodeOutgoing(%s): %v", b, err)
			}
			if !reflect.DeepEqual(got, tt.msg) {
				t.Errorf("round trip = %+v\nwant        %+v", got, tt.msg)
			}
		})
	}
}

func TestOutgoingCaptionEdit(t *testing.T) {
	t.Run("is written in the payload", func(t *testing.T) {
		b, err := bot.Outgoing{Kind: bot.OutEdit, ChatID: "1", MessageID: "56", Caption: true, Text: "x"}.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"caption":true`) {
			t.Errorf("payload %s does not say the edit is a caption's", b)
		}
	})
	t.Run("a text's edit writes nothing more than before", func(t *testing.T) {
		b, err := bot.Outgoing{Kind: bot.OutEdit, ChatID: "1", MessageID: "55", Text: "x"}.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "caption") {
			t.Errorf("payload %s names a caption", b)
		}
	})
	t.Run("a payload written before captions were told apart is a text's edit", func(t *testing.T) {
		m, err := bot.DecodeOutgoing([]byte(`{"kind":"edit","platform":"telegram","chat_id":"1","text":"mới","message_id":"55"}`))
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != bot.OutEdit || m.MessageID != "55" || m.Caption {
			t.Errorf("decoded %+v, want the edit of text message 55", m)
		}
	})
}

func TestOutgoingEncodeLeavesOutboxColumns(t *testing.T) {
	m := bot.Outgoing{Kind: bot.OutSend, Platform: "telegram", ChatID: "1", Text: "x", Priority: 3, ResidentID: 42}
	b, err := m.Encode()
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if s := string(b); strings.Contains(s, "42") || strings.Contains(strings.ToLower(s), "priority") {
		t.Errorf("payload %s holds Priority or ResidentID, which the outbox keeps in columns", s)
	}
	got, err := bot.DecodeOutgoing(b)
	if err != nil {
		t.Fatalf("DecodeOutgoing: %v", err)
	}
	if got.Priority != 0 || got.ResidentID != 0 {
		t.Errorf("decoded Priority, ResidentID = %d, %d, want 0, 0", got.Priority, got.ResidentID)
	}
}

func TestDecodeOutgoingRejectsGarbage(t *testing.T) {
	for _, payload := range []string{"", "{", "[1,2]", `{"kind": 3}`} {
		t.Run(fmt.Sprintf("%q", payload), func(t *testing.T) {
			if _, err := bot.DecodeOutgoing([]byte(payload)); err == nil {
				t.Errorf("DecodeOutgoing(%q) returned nil error", payload)
			}
		})
	}
}

func TestKeyboardButtons(t *testing.T) {
	tests := []struct {
		label string
		kb    *bot.Keyboard
		want  int
	}{
		{"nil keyboard", nil, 0},
		{"remove", &bot.Keyboard{Remove: true}, 0},
		{"two rows", bot.Inline(bot.Row(bot.Button{Text: "a"}, bot.Button{Text: "b"}), bot.Row(bot.Button{Text: "c"})), 3},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := tt.kb.Buttons(); got != tt.want {
				t.Errorf("Buttons() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestPlatformErrors(t *testing.T) {
	limited := &bot.PlatformError{Kind: bot.RateLimited, RetryAfter: 7 * time.Second, Reason: "Too Many Requests"}
	tests := []struct {
		label     string
		err       error
		kind      bot.ErrorKind
		retry     time.Duration
		kindName  string
		errString string
	}{
		{"rate limited, wrapped", fmt.Errorf("send: %w", limited), bot.RateLimited, 7 * time.Second, "rate limited",
			"send: rate limited (retry after 7s): Too Many Requests"},
		{"blocked", &bot.PlatformError{Kind: bot.Blocked, Reason: "Forbidden: bot was blocked by the user"}, bot.Blocked, 0, "blocked",
			"blocked: Forbidden: bot was blocked by the user"},
		{"rejected", &bot.PlatformError{Kind: bot.Rejected, Reason: "Bad Request"}, bot.Rejected, 0, "rejected", "rejected: Bad Request"},
		{"unauthorized", &bot.PlatformError{Kind: bot.Unauthorized, Reason: "Unauthorized"}, bot.Unauthorized, 0, "unauthorized", "unauthorized: Unauthorized"},
		{"conflict", &bot.PlatformError{Kind: bot.Conflict, Reason: "terminated by other getUpdates"}, bot.Conflict, 0, "conflict", "conflict: terminated by other getUpdates"},
		{"plain network error is temporary", errors.New("connection reset"), bot.Temporary, 0, "temporary", "connection reset"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got, want := bot.KindOf(tt.err), tt.kind; got != want {
				t.Errorf("KindOf = %v, want %v", got, want)
			}
			if got, want := bot.RetryAfterOf(tt.err), tt.retry; got != want {
				t.Errorf("RetryAfterOf = %v, want %v", got, want)
			}
			if got, want := bot.KindOf(tt.err).String(), tt.kindName; got != want {
				t.Errorf("kind String = %q, want %q", got, want)
			}
			if got, want := tt.err.Error(), tt.errString; got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
		})
	}
	if got, want := bot.ErrorKind(0).String(), "unknown"; got != want {
		t.Errorf("ErrorKind(0).String() = %q, want %q", got, want)
	}
}

func TestUserError(t *testing.T) {
	err := fmt.Errorf("save deed: %w", bot.Errorf(bot.NotFound, "deed.not_found", 42))
	var ue *bot.UserError
	if !errors.As(err, &ue) {
		t.Fatalf("errors.As(%v, *UserError) = false", err)
	}
	if got, want := ue.Code, bot.NotFound; got != want {
		t.Errorf("Code = %q, want %q", got, want)
	}
	if got, want := fmt.Sprint(ue.Args), "[42]"; got != want {
		t.Errorf("Args = %s, want %s", got, want)
	}
	if got, want := err.Error(), "save deed: not_found: deed.not_found"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
