package console

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

func newConsole(input string) (*Console, *bytes.Buffer) {
	out := &bytes.Buffer{}
	c := New(Config{In: strings.NewReader(input), Out: out,
		User: bot.User{ID: "7", Name: "An", LanguageCode: "vi"}})
	return c, out
}

func poll(t *testing.T, c *Console) bot.Update {
	t.Helper()
	ups, err := c.Poll(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 1 {
		t.Fatalf("got %d updates", len(ups))
	}
	return ups[0]
}

func TestConsoleTurnsLinesIntoUpdates(t *testing.T) {
	c, out := newConsole("hello\n\n3\n!contact 0912345678\n!photo a caption\n!sticker\n")
	text := "<b>Sức khỏe?</b>\n\n  1. Khỏe\n(Trả lời 1 để chọn.)"
	if _, err := c.Send(context.Background(), bot.Outgoing{Kind: bot.OutSend, ChatID: "7", Text: text, Lang: "vi"}); err != nil {
		t.Fatal(err)
	}

	t.Run("text is a message", func(t *testing.T) {
		if u := poll(t, c); u.Kind != bot.KindMessage || u.Text != "hello" || u.Chat.ID != "7" {
			t.Errorf("got %+v", u)
		}
	})
	t.Run("a number is text (the engine reads it against the chat's menu), and empty lines are skipped", func(t *testing.T) {
		if u := poll(t, c); u.Text != "3" || u.Callback != nil {
			t.Errorf("got %+v", u)
		}
	})
	t.Run("stand-ins for a contact, a photo and a sticker", func(t *testing.T) {
		if u := poll(t, c); u.Contact == nil || u.Contact.Phone != "0912345678" || u.Contact.UserID != "7" {
			t.Errorf("got %+v", u)
		}
		if u := poll(t, c); u.Photo == nil || u.Text != "a caption" || u.Photo.FileUniqueID == "" {
			t.Errorf("got %+v", u)
		}
		if u := poll(t, c); u.Media != "sticker" {
			t.Errorf("got %+v", u)
		}
	})
	t.Run("the end of input closes the source", func(t *testing.T) {
		if _, err := c.Poll(context.Background(), 0); !errors.Is(err, bot.ErrSourceClosed) {
			t.Errorf("got %v, want ErrSourceClosed", err)
		}
	})
	t.Run("messages print as plain text", func(t *testing.T) {
		for _, want := range []string{"Sức khỏe?", "1. Khỏe", "(Trả lời 1 để chọn.)"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
		if strings.Contains(out.String(), "<b>") {
			t.Errorf("HTML tags printed:\n%s", out.String())
		}
	})
}

func TestConsolePlaysSeveralPeople(t *testing.T) {
	c, out := newConsole("hi\n!as 2001 Trần Hùng\nhello\n")
	ctx := context.Background()
	if _, err := c.Send(ctx, bot.Outgoing{Kind: bot.OutSend, ChatID: "2001", Text: "ticket"}); err != nil {
		t.Fatal(err)
	}
	if u := poll(t, c); u.From.ID != "7" || u.Chat.ID != "7" {
		t.Errorf("An's line: got %+v", u)
	}
	if u := poll(t, c); u.From.ID != "2001" || u.From.Name != "Trần Hùng" || u.Chat.ID != "2001" || u.Text != "hello" {
		t.Errorf("after !as, the line is the coordinator's: got %+v", u)
	}
	if !strings.Contains(out.String(), "📨 → 2001") || !strings.Contains(out.String(), "👤 2001 Trần Hùng") {
		t.Errorf("a message for someone else, or the switch, is not labelled:\n%s", out.String())
	}
}

func TestConsolePrintsACaptionsEditUnderAPhotoMark(t *testing.T) {
	c, out := newConsole("")
	ctx := context.Background()
	id, err := c.Send(ctx, bot.Outgoing{Kind: bot.OutPhoto, ChatID: "7", Photo: "AgAC1", Text: "Báo cáo VT-000001"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(ctx, bot.Outgoing{Kind: bot.OutEdit, ChatID: "7", MessageID: id, Caption: true,
		Text: "Báo cáo VT-000001\n<b>Kết quả:</b> đã duyệt"}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "\n🖼  [AgAC1]\nBáo cáo VT-000001\n\n🖼  ✎\nBáo cáo VT-000001\nKết quả: đã duyệt\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
