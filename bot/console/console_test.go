package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"chungsuc/bot"
)

type texts struct{}

func (texts) Text(lang, key string, args ...any) string {
	return lang + ":" + key + fmt.Sprint(args...)
}

func newConsole(input string) (*Console, *bytes.Buffer) {
	out := &bytes.Buffer{}
	c := New(Config{In: strings.NewReader(input), Out: out, Texts: texts{},
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
	c, out := newConsole("hello\n\n3\n1\n2\n0912345678\n!photo a caption\n!sticker\n")
	kb := bot.Inline(
		bot.Row(bot.Button{Text: "Khỏe", Data: "ch:1:well|sig"}),
		bot.Row(bot.Button{Text: "Số điện thoại", Contact: true}),
	)
	id, err := c.Send(context.Background(), bot.Outgoing{Kind: bot.OutSend, ChatID: "7", Text: "<b>Sức khỏe?</b>", Keyboard: kb, Lang: "vi"})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("text is a message", func(t *testing.T) {
		if u := poll(t, c); u.Kind != bot.KindMessage || u.Text != "hello" || u.Chat.ID != "7" {
			t.Errorf("got %+v", u)
		}
	})
	t.Run("a number outside the menu is text, and empty lines are skipped", func(t *testing.T) {
		if u := poll(t, c); u.Text != "3" || u.Callback != nil {
			t.Errorf("got %+v", u)
		}
	})
	t.Run("a contact choice asks for the number, which becomes a contact", func(t *testing.T) {
		u := poll(t, c) // "1" presses; "2" only prompts, and the next line is the number
		if u.Kind != bot.KindCallback || u.Callback.Data != "ch:1:well|sig" || u.MessageID != id {
			t.Errorf("got %+v", u)
		}
		if u := poll(t, c); u.Contact == nil || u.Contact.Phone != "0912345678" {
			t.Errorf("got %+v", u)
		}
		if !strings.Contains(out.String(), "vi:"+bot.MsgPhonePrompt) {
			t.Errorf("no phone prompt in %q", out.String())
		}
	})
	t.Run("stand-ins for a photo and a sticker", func(t *testing.T) {
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
	t.Run("messages print as plain text with numbered choices", func(t *testing.T) {
		for _, want := range []string{"Sức khỏe?", "1. Khỏe", "2. Số điện thoại", "vi:" + bot.MsgMenuHint + "2"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
		if strings.Contains(out.String(), "<b>") {
			t.Errorf("HTML tags printed:\n%s", out.String())
		}
	})
}

func TestConsoleMenuFollowsEdits(t *testing.T) {
	c, _ := newConsole("1\n")
	kb := bot.Inline(bot.Row(bot.Button{Text: "A", Data: "a|x"}))
	id, _ := c.Send(context.Background(), bot.Outgoing{Kind: bot.OutSend, ChatID: "7", Text: "pick", Keyboard: kb})
	if _, err := c.Send(context.Background(), bot.Outgoing{Kind: bot.OutEdit, ChatID: "7", MessageID: id, Text: "done"}); err != nil {
		t.Fatal(err)
	}
	if u := poll(t, c); u.Callback != nil || u.Text != "1" {
		t.Errorf("a choice from a message edited without buttons still acted: %+v", u)
	}
}

func TestConsolePlaysSeveralPeople(t *testing.T) {
	c, out := newConsole("1\n!as 2001 Trần Hùng\n1\n")
	ctx := context.Background()
	mine := bot.Inline(bot.Row(bot.Button{Text: "Mine", Data: "m|x"}))
	theirs := bot.Inline(bot.Row(bot.Button{Text: "Claim", Data: "hc|y"}))
	if _, err := c.Send(ctx, bot.Outgoing{Kind: bot.OutSend, ChatID: "7", Text: "for An", Keyboard: mine}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(ctx, bot.Outgoing{Kind: bot.OutSend, ChatID: "2001", Text: "ticket", Keyboard: theirs}); err != nil {
		t.Fatal(err)
	}
	if u := poll(t, c); u.Callback == nil || u.Callback.Data != "m|x" || u.From.ID != "7" {
		t.Errorf("An's choice 1: got %+v", u)
	}
	if u := poll(t, c); u.Callback == nil || u.Callback.Data != "hc|y" || u.From.ID != "2001" || u.From.Name != "Trần Hùng" {
		t.Errorf("after !as, choice 1 is the coordinator's: got %+v", u)
	}
	if !strings.Contains(out.String(), "📨 → 2001") {
		t.Errorf("a message for someone else is not labelled:\n%s", out.String())
	}
}
