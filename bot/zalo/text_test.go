package zalo

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitTextPrefersLineBreaksThenSpaces(t *testing.T) {
	tests := []struct {
		name, text string
		limit      int
		want       []string
	}{
		{"fits", "một dòng", 20, []string{"một dòng"}},
		{"at a line break", "dòng một\ndòng hai\ndòng ba", 18, []string{"dòng một\ndòng hai", "dòng ba"}},
		{"at a space", "chung sức đồng lòng", 12, []string{"chung sức", "đồng lòng"}},
		{"between characters", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"an emoji counts twice", "😀😀😀", 4, []string{"😀😀", "😀"}},
		{"a combining mark stays with its letter", "ao\u0302\u0301", 3, []string{"a", "o\u0302\u0301"}},
		{"blank parts dropped", "a\n\n\n\n\n\n\nb", 3, []string{"a", "b"}},
		{"empty", "", 10, nil},
		{"blank", " \n\t ", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitText(tt.text, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("splitText(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
		})
	}
}

// FuzzSplitText: every part is within the limit (a limit below one
// character allows that character), valid UTF-8 and not blank, and the
// parts hold all of the text but the blanks at the cuts.
func FuzzSplitText(f *testing.F) {
	for _, s := range []string{"", "Chung sức đồng lòng", "Phu\u031bo\u031b\u0300ng", "🇻🇳👨‍👩‍👧‍👦👍🏽", "a\nb c\td", "\xff\xfe"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = 1 + (limit&0x3f)%40
		s = strings.Repeat(s, 3)
		parts := splitText(s, limit)
		var joined strings.Builder
		for _, p := range parts {
			if n := textLen(p); n > max(limit, 2) || !utf8.ValidString(p) || strings.TrimSpace(p) == "" {
				t.Fatalf("part %q: %d units (limit %d)", p, n, limit)
			}
			joined.WriteString(p)
		}
		noSpace := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, s)
		}
		if got, want := noSpace(joined.String()), noSpace(strings.ToValidUTF8(s, "\uFFFD")); got != want {
			t.Fatalf("parts hold %q, want %q", got, want)
		}
	})
}
