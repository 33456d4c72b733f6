package main

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

func TestProfileIsRegistered(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	startBot(t, fake, "") // -lang vi

	tests := []struct {
		label     string
		lang      string
		wantWords []string
	}{
		{"the default is Vietnamese", "", []string{"Chung Sức", "cán bộ phụ trách", "/forget", "Bắt đầu"}},
		{"Vietnamese", "vi", []string{"Chung Sức", "cán bộ phụ trách", "/forget", "Bắt đầu"}},
		{"English", "en", []string{"Chung Sức", "coordinators of your", "/forget", "Start"}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			desc, short := fake.Description(tt.lang), fake.ShortDescription(tt.lang)
			if n := len(utf16.Encode([]rune(desc))); n == 0 || n > telegram.MaxDescription {
				t.Errorf("description %q has %d characters, want 1 to %d", tt.lang, n, telegram.MaxDescription)
			}
			if n := len(utf16.Encode([]rune(short))); n == 0 || n > telegram.MaxShortDescription {
				t.Errorf("short description %q has %d characters, want 1 to %d", tt.lang, n, telegram.MaxShortDescription)
			}
			for _, w := range tt.wantWords {
				if !strings.Contains(desc, w) {
					t.Errorf("description %q lacks %q: %q", tt.lang, w, desc)
				}
			}
			if strings.ContainsAny(desc+short, "<>&") {
				t.Errorf("profile %q is not plain text: %q / %q", tt.lang, desc, short)
			}
		})
	}
	t.Run("the default and the Vietnamese profile are the same", func(t *testing.T) {
		if fake.Description("") != fake.Description("vi") || fake.ShortDescription("") != fake.ShortDescription("vi") {
			t.Errorf("default %q / %q, Vietnamese %q / %q", fake.Description(""), fake.ShortDescription(""),
				fake.Description("vi"), fake.ShortDescription("vi"))
		}
	})
}
