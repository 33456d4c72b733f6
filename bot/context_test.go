package bot_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

func TestContextEdit(t *testing.T) {
	kb := bot.Inline(bot.Row(bot.Button{Text: "ok", Data: "x"}))
	tests := []struct {
		label  string
		update *bot.Update
		want   bot.Outgoing
	}{
		{"callback edits the message that carried the button", press("A", "x"),
			bot.Outgoing{Kind: bot.OutEdit, Platform: "test", ChatID: "A", MessageID: "200", Lang: "vi", Text: "new", Keyboard: kb}},
		{"message gets a new message", message("A", "hi"),
			bot.Outgoing{Kind: bot.OutSend, Platform: "test", ChatID: "A", Lang: "vi", Text: "new", Keyboard: kb}},
		{"callback without message id gets a new message", func() *bot.Update {
			u := press("A", "x")
			u.MessageID = ""
			return u
		}(), bot.Outgoing{Kind: bot.OutSend, Platform: "test", ChatID: "A", Lang: "vi", Text: "new", Keyboard: kb}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			c := bot.NewContext(tt.update, "vi")
			c.Edit("new", kb)
			out := c.Outgoing()
			if got, want := len(out), 1; got != want {
				t.Fatalf("outgoing = %s, want one message", describe(out))
			}
			got, want := out[0], tt.want
			if got.Kind != want.Kind || got.Platform != want.Platform || got.ChatID != want.ChatID ||
				got.MessageID != want.MessageID || got.Text != want.Text || got.Keyboard != want.Keyboard ||
				got.Lang != want.Lang {
				t.Errorf("outgoing = %+v, want %+v", got, want)
			}
		})
	}
}

func TestContextAnswer(t *testing.T) {
	t.Run("only the first answer counts", func(t *testing.T) {
		c := bot.NewContext(press("A", "x"), "vi")
		c.Answer("first", true)
		c.Answer("second", false)
		if got, want := describe(c.Outgoing()), `answer A cb=cb-A "first" alert`; got != want {
			t.Errorf("outgoing = %s, want %s", got, want)
		}
	})
	t.Run("a message is never answered", func(t *testing.T) {
		c := bot.NewContext(message("A", "hi"), "vi")
		c.Answer("x", false)
		if got := len(c.Outgoing()); got != 0 {
			t.Errorf("outgoing = %s, want none", describe(c.Outgoing()))
		}
	})
	t.Run("a callback without press data is not answered", func(t *testing.T) {
		u := press("A", "x")
		u.Callback = nil
		c := bot.NewContext(u, "vi")
		c.Answer("x", false)
		if got := len(c.Outgoing()); got != 0 {
			t.Errorf("outgoing = %s, want none", describe(c.Outgoing()))
		}
	})
	t.Run("Reset drops messages and allows a new answer", func(t *testing.T) {
		c := bot.NewContext(press("A", "x"), "vi")
		c.Send("hello", nil)
		c.Answer("first", false)
		c.Reset()
		if got := len(c.Outgoing()); got != 0 {
			t.Fatalf("outgoing after Reset = %s, want none", describe(c.Outgoing()))
		}
		c.Answer("again", false)
		if got, want := describe(c.Outgoing()), `answer A cb=cb-A "again"`; got != want {
			t.Errorf("outgoing = %s, want %s", got, want)
		}
	})
}

func TestContextSending(t *testing.T) {
	c := bot.NewContext(message("A", "hi"), "en")
	c.Send("one", nil)
	c.SendPhoto("file-1", "caption", nil)
	c.Queue(bot.Outgoing{Kind: bot.OutSend, Platform: "zalo", ChatID: "Z9", ResidentID: 7, Text: "two"})
	out := c.Outgoing()
	tests := []struct {
		label string
		want  bot.Outgoing
	}{
		{"Send goes to the update's chat in the person's language",
			bot.Outgoing{Kind: bot.OutSend, Platform: "test", ChatID: "A", Lang: "en", Text: "one"}},
		{"SendPhoto carries the file id and caption",
			bot.Outgoing{Kind: bot.OutPhoto, Platform: "test", ChatID: "A", Lang: "en", Photo: "file-1", Text: "caption"}},
		{"Queue keeps the message as given, in order",
			bot.Outgoing{Kind: bot.OutSend, Platform: "zalo", ChatID: "Z9", ResidentID: 7, Text: "two"}},
	}
	if got, want := len(out), len(tests); got != want {
		t.Fatalf("len(outgoing) = %d, want %d", got, want)
	}
	for i, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := out[i]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestContextT(t *testing.T) {
	t.Run("without texts the key is returned", func(t *testing.T) {
		c := bot.NewContext(message("A", "hi"), "en")
		if got, want := c.T(bot.MsgMenuHint, 3), bot.MsgMenuHint; got != want {
			t.Errorf("T = %q, want %q", got, want)
		}
	})
	t.Run("inside a router the catalogue speaks the person's language", func(t *testing.T) {
		var got string
		r := bot.NewRouter[state](nil, catalogue{})
		r.Default(func(_ context.Context, c *bot.Context, _ state) error {
			got = c.T(bot.MsgMenuHint, 3)
			return nil
		})
		c := bot.NewContext(message("A", "hi"), "en")
		if err := r.Serve(context.Background(), c, state{}); err != nil {
			t.Fatalf("Serve: %v", err)
		}
		if want := "en/bot.menu_hint[3]"; got != want {
			t.Errorf("T = %q, want %q", got, want)
		}
	})
}
