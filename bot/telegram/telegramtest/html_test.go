package telegramtest

import (
	"slices"
	"testing"
)

func TestParseHTMLAccepts(t *testing.T) {
	for _, tc := range []struct {
		in, text string
		ents     []entityJSON
	}{
		{"plain a > b", "plain a > b", nil},
		{"<b>bold</b> &lt;3 &amp; <i>it</i>", "bold <3 & it",
			[]entityJSON{{Type: "bold", Length: 4}, {Type: "italic", Offset: 10, Length: 2}}},
		{"<B>Up</B><strong>s</strong>", "Ups",
			[]entityJSON{{Type: "bold", Length: 2}, {Type: "bold", Offset: 2, Length: 1}}},
		{"😀<u>x</u>", "😀x", []entityJSON{{Type: "underline", Offset: 2, Length: 1}}},
		{`<a href="https://x.y/?a=1&amp;b=2">link</a>`, "link",
			[]entityJSON{{Type: "text_link", Length: 4, URL: "https://x.y/?a=1&b=2"}}},
		{`<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>`, "st",
			[]entityJSON{{Type: "spoiler", Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{`<pre><code class="language-go">x := 1</code></pre>`, "x := 1",
			[]entityJSON{{Type: "pre", Length: 6, Language: "go"}}},
		{"<code>c</code>", "c", []entityJSON{{Type: "code", Length: 1}}},
		{"<b>outer <i>inner</i></b>", "outer inner",
			[]entityJSON{{Type: "bold", Length: 11}, {Type: "italic", Offset: 6, Length: 5}}},
		{"&#128512;&#x1F600;&quot;", "😀😀\"", nil},
		{"<blockquote expandable>q</blockquote>", "q", []entityJSON{{Type: "expandable_blockquote", Length: 1}}},
		{`<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍",
			[]entityJSON{{Type: "custom_emoji", Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{"<s>a</s><strike>b</strike><del>c</del><em>d</em><ins>e</ins>", "abcde", []entityJSON{
			{Type: "strikethrough", Length: 1}, {Type: "strikethrough", Offset: 1, Length: 1},
			{Type: "strikethrough", Offset: 2, Length: 1}, {Type: "italic", Offset: 3, Length: 1},
			{Type: "underline", Offset: 4, Length: 1}}},
	} {
		text, ents, err := parseHTML(tc.in)
		if err != nil {
			t.Errorf("parseHTML(%q): %v", tc.in, err)
			continue
		}
		if text != tc.text || !slices.Equal(ents, tc.ents) {
			t.Errorf("parseHTML(%q) = %q %+v, want %q %+v", tc.in, text, ents, tc.text, tc.ents)
		}
	}
}

func TestParseHTMLRejects(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"<b>unclosed", `Can't find end tag corresponding to start tag "b"`},
		{"a < b", `Unsupported start tag "" at byte offset 2`},
		{"&foo;", "Unsupported HTML entity at byte offset 0; escape '&' as &amp;"},
		{"AT&T", "Unsupported HTML entity at byte offset 2; escape '&' as &amp;"},
		{"&#xZZ;", "Unsupported HTML entity at byte offset 0; escape '&' as &amp;"},
		{"&#0;", "Unsupported HTML entity at byte offset 0; escape '&' as &amp;"},
		{"<b><i>x</b></i>", `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"x</b>", "Unexpected end tag at byte offset 1"},
		{"<br>", `Unsupported start tag "br" at byte offset 0`},
		{"<b", "Unclosed start tag at byte offset 0"},
		{`<a href="x>y</a>`, "Unclosed start tag at byte offset 0"},
		{"<b>x</b", "Unclosed end tag at byte offset 4"},
		{"<span>x</span>", `Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{"<tg-emoji>x</tg-emoji>", `Tag "tg-emoji" must have attribute "emoji-id" at byte offset 0`},
		{`<a href>x</a>`, `Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0`},
	} {
		_, _, err := parseHTML(tc.in)
		if err == nil || err.Error() != tc.err {
			t.Errorf("parseHTML(%q) error = %v, want %q", tc.in, err, tc.err)
		}
	}
}

func TestCommandEntities(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"/start", 6}, {"/start payload", 6}, {"/start@my_bot x", 13}, {"/", 0}, {"hello", 0}, {"/ x", 0},
	} {
		ents := commandEntities(tc.in)
		got := 0
		if len(ents) == 1 {
			got = ents[0].Length
		}
		if got != tc.want {
			t.Errorf("commandEntities(%q) length = %d, want %d", tc.in, got, tc.want)
		}
	}
}
