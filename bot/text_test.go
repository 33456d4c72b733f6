package bot_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
)

var testTagRe = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>`)

// balanced reports whether every tag opened in part is closed in it, in
// order, and no tag is closed that was not opened.
func balanced(part string) bool {
	var open []string
	for _, m := range testTagRe.FindAllStringSubmatch(part, -1) {
		name := strings.ToLower(m[2])
		if m[1] == "" {
			open = append(open, name)
			continue
		}
		if len(open) == 0 || open[len(open)-1] != name {
			return false
		}
		open = open[:len(open)-1]
	}
	return len(open) == 0
}

// brokenEntity reports whether part has an '&' not followed by a complete
// entity, or a '<' without its '>'.
func brokenEntity(part string) bool {
	for i := 0; i < len(part); i++ {
		switch part[i] {
		case '&':
			j := strings.IndexByte(part[i:], ';')
			if j < 0 || j > 10 {
				return true
			}
		case '<':
			if !strings.Contains(part[i:], ">") {
				return true
			}
		}
	}
	return false
}

// numberedLines returns lines "Dòng <i>: chung sức đồng lòng" joined by
// newlines until the text holds at least n runes.
func numberedLines(n int) string {
	var b strings.Builder
	for i := 1; utf8.RuneCountInString(b.String()) < n; i++ {
		if i > 1 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Dòng %d: chung sức đồng lòng, xây dựng khu phố văn minh", i)
	}
	return b.String()
}

func TestSplitTextShortTextUnchanged(t *testing.T) {
	tests := []struct {
		label string
		text  string
		max   int
	}{
		{"ascii", "hello\nworld", 4096},
		{"exactly max runes", strings.Repeat("a", 50), 50},
		{"Vietnamese counted in runes, not bytes", strings.Repeat("đồng ", 18), 90}, // 90 runes, 144 bytes
		{"html", "<b>Chào</b> &amp; <i>tạm biệt</i>", 4096},
		{"empty", "", 10},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got, want := bot.SplitText(tt.text, tt.max), []string{tt.text}; !slices.Equal(got, want) {
				t.Errorf("SplitText = %q, want %q", got, want)
			}
		})
	}
}

func TestSplitTextLines(t *testing.T) {
	text := numberedLines(10000)
	parts := bot.SplitText(text, 4096)
	t.Run("parts fit", func(t *testing.T) {
		if got := len(parts); got < 3 {
			t.Fatalf("%d parts, want at least 3 for %d runes", got, utf8.RuneCountInString(text))
		}
		for i, p := range parts {
			if got, max := utf8.RuneCountInString(p), 4096; got > max {
				t.Errorf("part %d has %d runes, over %d", i, got, max)
			}
			if p == "" {
				t.Errorf("part %d is empty", i)
			}
		}
	})
	t.Run("cuts fall on line boundaries and keep all text", func(t *testing.T) {
		for i, p := range parts {
			if strings.HasPrefix(p, "\n") || strings.HasSuffix(p, "\n") {
				t.Errorf("part %d starts or ends with a newline", i)
			}
			if !strings.HasPrefix(p, "Dòng ") || !strings.HasSuffix(p, "văn minh") {
				t.Errorf("part %d does not hold whole lines: %q ... %q", i, p[:20], p[len(p)-20:])
			}
		}
		if got, want := strings.Join(parts, "\n"), text; got != want {
			t.Errorf("parts joined by newlines differ from the text (%d vs %d bytes)", len(got), len(want))
		}
	})
}

func TestSplitTextTagsAcrossParts(t *testing.T) {
	body := numberedLines(6000)
	text := "Tiêu đề\n<b>" + body + "</b>\n<a href=\"https://example.org/x?a=1&amp;b=2\">liên kết\n" + body + "</a>"
	parts := bot.SplitText(text, 4096)
	if got := len(parts); got < 4 {
		t.Fatalf("%d parts, want at least 4", got)
	}
	t.Run("every part has balanced tags", func(t *testing.T) {
		for i, p := range parts {
			if !balanced(p) {
				t.Errorf("part %d is not balanced: %q ... %q", i, p[:min(40, len(p))], p[max(0, len(p)-40):])
			}
			if got, max := utf8.RuneCountInString(p), 4096; got > max {
				t.Errorf("part %d has %d runes, over %d", i, got, max)
			}
		}
	})
	t.Run("a tag open at a cut is closed and reopened", func(t *testing.T) {
		if got, want := parts[0], "</b>"; !strings.HasSuffix(got, want) {
			t.Errorf("part 0 ends %q, want it to close with %q", got[len(got)-20:], want)
		}
		if got, want := parts[1], "<b>Dòng "; !strings.HasPrefix(got, want) {
			t.Errorf("part 1 starts %q, want %q", got[:20], want)
		}
	})
	t.Run("a tag with attributes is reopened with them", func(t *testing.T) {
		last := parts[len(parts)-1]
		if got, want := last, `<a href="https://example.org/x?a=1&amp;b=2">Dòng `; !strings.HasPrefix(got, want) {
			t.Errorf("last part starts %q, want %q", got[:60], want)
		}
	})
	t.Run("visible text is kept", func(t *testing.T) {
		var b strings.Builder
		for i, p := range parts {
			if i > 0 {
				b.WriteString("\n")
			}
			// A part may keep the newline before its closing tags.
			b.WriteString(strings.TrimSuffix(bot.PlainText(p), "\n"))
		}
		if got, want := b.String(), bot.PlainText(text); got != want {
			t.Errorf("visible text differs after the split (%d vs %d bytes)", len(got), len(want))
		}
	})
}

func TestSplitTextLongLine(t *testing.T) {
	tests := []struct {
		label string
		text  string
		max   int
	}{
		{"entity at the cut", strings.Repeat("x", 97) + "&amp;" + strings.Repeat("y", 150), 100},
		{"many entities", strings.Repeat("Tom &amp; Jerry &lt;3 ", 60), 100},
		{"tags inside the line", strings.Repeat("a <b>đậm</b> và <i>nghiêng</i> ", 40), 120},
		{"Vietnamese without newlines", strings.Repeat("Chung sức đồng lòng xây dựng khu phố ", 40), 100},
		{"long line at a Telegram limit", strings.Repeat("Tổ dân phố &amp; ", 600), 4096},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			parts := bot.SplitText(tt.text, tt.max)
			if got := len(parts); got < 2 {
				t.Fatalf("%d parts, want a split", got)
			}
			var joined strings.Builder
			for i, p := range parts {
				if got, max := utf8.RuneCountInString(bot.PlainText(p)), tt.max; got > max {
					t.Errorf("part %d shows %d characters, over %d", i, got, max)
				}
				if !utf8.ValidString(p) {
					t.Errorf("part %d is not valid UTF-8 (a rune was cut)", i)
				}
				if brokenEntity(p) {
					t.Errorf("part %d breaks an entity or a tag: %q", i, p)
				}
				if !balanced(p) {
					t.Errorf("part %d is not balanced: %q", i, p)
				}
				joined.WriteString(bot.PlainText(p))
			}
			if got, want := joined.String(), bot.PlainText(tt.text); got != want {
				t.Errorf("parts joined show %q\nwant              %q", got, want)
			}
		})
	}
	t.Run("the cut moves before an entity", func(t *testing.T) {
		parts := bot.SplitText(strings.Repeat("x", 97)+"&amp;"+strings.Repeat("y", 150), 100)
		if got, want := parts[0], strings.Repeat("x", 97); got != want {
			t.Errorf("part 0 = %q, want %q", got, want)
		}
		if got, want := parts[1], "&amp;y"; !strings.HasPrefix(got, want) {
			t.Errorf("part 1 starts %q, want %q", got[:10], want)
		}
	})
	t.Run("raw HTML parts fit for plain text", func(t *testing.T) {
		for i, p := range bot.SplitText(strings.Repeat("Chung sức đồng lòng ", 100), 100) {
			if got, max := utf8.RuneCountInString(p), 100; got > max {
				t.Errorf("part %d has %d runes, over %d", i, got, max)
			}
		}
	})
}

func TestSplitTextVietnameseLines(t *testing.T) {
	line := "Chung sức đồng lòng, xây dựng khu phố văn minh" // 46 runes, more bytes
	text := strings.TrimSuffix(strings.Repeat(line+"\n", 10), "\n")
	parts := bot.SplitText(text, 100)
	for i, p := range parts {
		if got, want := p, line+"\n"+line; got != want {
			t.Errorf("part %d = %q, want two whole lines (%d runes)", i, got, 2*46+1)
		}
	}
	if got, want := len(parts), 5; got != want {
		t.Errorf("%d parts, want %d", got, want)
	}
}

func TestSplitTextNeverEmptyPart(t *testing.T) {
	// Paragraphs separated by a blank line, each near the limit.
	text := strings.Repeat("a", 4031) + "\n\n" + strings.Repeat("b", 4032)
	for i, p := range bot.SplitText(text, 4096) {
		if strings.TrimSpace(bot.PlainText(p)) == "" {
			t.Errorf("part %d is empty: %q", i, p)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		label, html, want string
	}{
		{"tags dropped", "<b>Chào</b> <i>bạn</i>", "Chào bạn"},
		{"entities decoded", "Tom &amp; Jerry &lt;3 &quot;x&quot;", `Tom & Jerry <3 "x"`},
		{"escaped tags stay text", "a &lt;b&gt; c", "a <b> c"},
		{"link keeps its text", `<a href="https://example.org">trang</a>`, "trang"},
		{"newlines kept", "dòng 1\n<b>dòng 2</b>", "dòng 1\ndòng 2"},
		{"escape round trip", bot.Escape(`<script>&"'`), `<script>&"'`},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := bot.PlainText(tt.html); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.html, got, tt.want)
			}
		})
	}
}

func TestTextMenu(t *testing.T) {
	two := bot.Inline(
		bot.Row(bot.Button{Text: "Có", Data: "yes"}, bot.Button{Text: "Không & thôi", Data: "no"}),
		bot.Row(bot.Button{Text: "Trang web", URL: "https://example.org"}),
	)
	tests := []struct {
		label    string
		kb       *bot.Keyboard
		hint     string
		wantText string
		wantData []string
	}{
		{"nil keyboard", nil, "hint", "", nil},
		{"remove keyboard", &bot.Keyboard{Remove: true, Rows: [][]bot.Button{{{Text: "x"}}}}, "hint", "", nil},
		{"no buttons", bot.Inline(), "hint", "", nil},
		{"numbered across rows, as plain text (button labels are), with hint", two, "Gõ số 1–3",
			"  1. Có\n  2. Không & thôi\n  3. Trang web\nGõ số 1–3", []string{"yes", "no", ""}},
		{"without hint", two, "",
			"  1. Có\n  2. Không & thôi\n  3. Trang web", []string{"yes", "no", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			text, choices := bot.TextMenu(tt.kb, tt.hint)
			if got, want := text, tt.wantText; got != want {
				t.Errorf("text = %q, want %q", got, want)
			}
			var data []string
			for i, c := range choices {
				if got, want := c.Number, i+1; got != want {
					t.Errorf("choice %d numbered %d, want %d", i, got, want)
				}
				data = append(data, c.Button.Data)
			}
			if got, want := data, tt.wantData; !slices.Equal(got, want) {
				t.Errorf("choices data = %q, want %q", got, want)
			}
		})
	}
}

// TestSplitTextKeepsALongTagWhole cuts a message whose link address is
// longer than the window looked at past a cut: no part ends inside it.
func TestSplitTextKeepsALongTagWhole(t *testing.T) {
	s := `<a href="https://example.org/` + strings.Repeat("h", 1200) + `">liên kết</a> ` + strings.Repeat("chữ ", 200)
	for i, p := range bot.SplitText(s, 100) {
		if strings.Count(p, "<") != strings.Count(p, ">") {
			t.Errorf("part %d cuts a tag: %.80q", i, p)
		}
	}
}
