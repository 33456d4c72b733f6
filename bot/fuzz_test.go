package bot_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
)

// The fuzz targets of this file cover everything in package bot that reads
// text a person (or a forger) controls: commands, button data and the
// messages cut for Telegram. `go test` runs their seeds; .ci/run fuzzes
// each for a few seconds, and the README says how to fuzz longer.

// nasty are inputs every target starts from: Vietnamese in NFC and NFD,
// invisible and bidi characters, fullwidth look-alikes, separators,
// invalid UTF-8 and a longer line. Seeds stay short: the fuzzer minimizes
// every input that reaches new code, and a long one holds it up for as
// much as a minute. FuzzSplitText makes long texts by repeating its input.
var nasty = []string{
	"",
	" ",
	"Chung sức đồng lòng",
	"Phường Mai Động, Tổ dân phố 5",
	"Phu\u031bo\u031b\u0300ng Mai \u0110o\u0302\u0323ng", // NFD
	"Mai\u200bĐộng\u200e\u202eđảo\u202c\u2066x\u2069",
	"\ufeffbắt đầu",
	"ｓｔａｒｔ　ｂắｔ",
	"a:b|c",
	":|:|",
	"\x00\x01\x7f",
	"\xff\xfe\xc3\x28",
	"\r\n\t\v\f\u00a0\u2028\u3000",
	"🇻🇳👨‍👩‍👧‍👦",
	strings.Repeat("Tổ dân phố &amp; <b>chung sức</b> ", 6),
}

var commandNameRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"/start", "/start g_HN-HM-MD", "/START@ChungSuc_Bot  hello  ", "/help@other_bot",
		"/khaibao\nđã khỏe", "/baocao\tông Tư giúp hàng xóm", "/ start", "/", "//", "/@bot", "/a@",
		"/đăngký", "/ｓｔａｒｔ", "/start\u200b", "/start\u00a0x", "/start\r\nx", "/x\n\n\n",
		"/" + strings.Repeat("a", 32), "/" + strings.Repeat("a", 33), "/a\xffb", "/ok \xff",
		"/start@" + strings.Repeat("đ", 100),
	} {
		f.Add(s)
	}
	for _, s := range nasty {
		f.Add(s)
		f.Add("/x " + s)
		f.Add("/" + s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		name, at, args, ok := bot.ParseCommand(text)
		if !ok {
			if name != "" || at != "" || args != "" {
				t.Fatalf("ParseCommand(%q) = %q, %q, %q, false; want empty results", text, name, at, args)
			}
			return
		}
		if !commandNameRe.MatchString(name) {
			t.Errorf("ParseCommand(%q) name = %q, want 1 to 32 of [a-z0-9_]", text, name)
		}
		if !strings.HasPrefix(text, "/") || strings.ToLower(text[1:1+len(name)]) != name {
			t.Errorf("ParseCommand(%q) name = %q, want the word right after the slash", text, name)
		}
		if got := strings.ToLower(at); got != at {
			t.Errorf("ParseCommand(%q) at = %q, not lower-case", text, at)
		}
		if got := strings.TrimSpace(args); got != args {
			t.Errorf("ParseCommand(%q) args = %q, not trimmed", text, args)
		}
		if utf8.ValidString(text) && !(utf8.ValidString(at) && utf8.ValidString(args)) {
			t.Errorf("ParseCommand(%q) made invalid UTF-8 of valid input: at %q, args %q", text, at, args)
		}
	})
}

func FuzzSigner(f *testing.F) {
	key := []byte("stable key")
	signed := func(user, action string, params ...string) string {
		data, err := bot.NewSigner(key).Sign(user, action, params...)
		if err != nil {
			f.Fatalf("Sign: %v", err)
		}
		return data
	}
	f.Add(key, "4201", "deed", "42,ok", signed("4201", "deed", "42", "ok"), uint8(0))
	f.Add(key, "4201", "join", "HN-HM-MD-T05", signed("4202", "join", "HN-HM-MD-T05"), uint8(3))
	f.Add(key, "4201", "start", "", "start|AAAAAAAA", uint8(1))
	f.Add(key, "4201", "a", ",,", signed("4201", "a", "", "", ""), uint8(9))
	f.Add(key, "", "x", "", signed("", "x")+"|", uint8(0))
	f.Add(key, "4201", "deed", strings.Repeat("9", 30)+","+strings.Repeat("8", 30), "deed:42|", uint8(0))
	f.Add([]byte{}, "telegram:1", "chọn", "Mai Động", "chọn:Mai Động|", uint8(200))
	f.Add([]byte("k"), "u\x00", "a\x00b", "\xff", "|", uint8(255))
	f.Add([]byte(strings.Repeat("k", 100)), "1", strings.Repeat("a", 55), "", strings.Repeat("a", 55)+"|"+strings.Repeat("A", 8), uint8(7))
	for _, s := range nasty {
		f.Add(key, "4201", "deed", s, s, uint8(len(s)))
	}
	// joined holds the params, comma-separated; flip picks the bit of the
	// signed data to damage.
	f.Fuzz(func(t *testing.T, key []byte, user, action, joined, data string, flip uint8) {
		s := bot.NewSigner(key)

		// Whatever it is given, Verify accepts only what Sign makes for
		// that very user: signing its answer again gives back data.
		if gotAction, gotParams, err := s.Verify(user, data); err == nil {
			again, serr := s.Sign(user, gotAction, gotParams...)
			if serr != nil || again != data {
				t.Fatalf("Verify(%q, %q) accepted data that Sign does not make: Sign = %q, %v", user, data, again, serr)
			}
		}

		var params []string
		if joined != "" {
			params = strings.Split(joined, ",")
		}
		out, err := s.Sign(user, action, params...)
		size, separator := len(action)+len("|")+8, strings.ContainsAny(action, ":|")
		for _, p := range params {
			size += len(":") + len(p)
			separator = separator || strings.ContainsAny(p, ":|")
		}
		if got, want := err != nil, action == "" || separator || size > bot.MaxCallbackData; got != want {
			t.Fatalf("Sign(%q, %q, %q) error = %v; want an error: %v (%d bytes, separator %v)", user, action, params, err, want, size, separator)
		}
		if err != nil {
			return
		}
		if got := len(out); got > bot.MaxCallbackData {
			t.Errorf("Sign(%q, %q, %q) = %d bytes, over %d", user, action, params, got, bot.MaxCallbackData)
		}
		gotAction, gotParams, err := s.Verify(user, out)
		if err != nil {
			t.Fatalf("Verify(%q, Sign(%q, %q)) = %v; Sign made data that its own Verify refuses", user, action, params, err)
		}
		if gotAction != action || !slices.Equal(gotParams, append([]string{}, params...)) {
			t.Errorf("Verify(Sign(%q, %q)) = %q, %q; want them back", action, params, gotAction, gotParams)
		}
		if _, _, err := s.Verify(user+"x", out); err == nil {
			t.Errorf("data signed for %q is accepted for %q", user, user+"x")
		}
		otherKey := append([]byte{1}, key...)
		if _, _, err := bot.NewSigner(otherKey).Verify(user, out); err == nil {
			t.Errorf("data signed with key %q is accepted with key %q", key, otherKey)
		}
		damaged := []byte(out)
		damaged[int(flip)%len(damaged)] ^= 1 << (flip % 7)
		if _, _, err := s.Verify(user, string(damaged)); err == nil {
			t.Errorf("damaged data %q (from %q) is accepted", damaged, out)
		}
	})
}

// maxSplit is the longest limit FuzzSplitText tries: Telegram's for a
// message. The shortest, 64, is well below its 1024 for a caption.
const maxSplit = 4096

// FuzzSplitText repeats its input up to 32 times, so that long messages
// come from short inputs the fuzzer mutates and minimizes quickly.
func FuzzSplitText(f *testing.F) {
	for _, s := range nasty {
		f.Add(s, uint16(0), uint8(0))
		f.Add(s, uint16(maxSplit-64), uint8(31)) // max 4096
	}
	f.Add(numberedLines(150)+"\n", uint16(maxSplit-64), uint8(31))
	f.Add(strings.Repeat("x", 97)+"&amp;"+strings.Repeat("y", 150), uint16(36), uint8(0))
	f.Add("Tiêu đề\n<b>"+numberedLines(100)+"</b>\n<a href=\"https://example.org/x?a=1&amp;b=2\">liên kết\n"+numberedLines(100)+"</a>", uint16(100), uint8(0))
	f.Add("a <b>đậm</b> và <i>nghiêng</i> ", uint16(56), uint8(30))
	f.Add(strings.Repeat("a", 200)+"\n\n"+strings.Repeat("b", 200), uint16(150), uint8(1))
	f.Add("😀", uint16(1), uint8(31))
	f.Add("<b>"+strings.Repeat("\n", 70)+"</b>", uint16(0), uint8(1))
	f.Add("x\x01piece in bold\x01a link & more\x01"+strings.Repeat("nested ", 30), uint16(10), uint8(3))
	f.Add("<b\nc>"+strings.Repeat("d", 100)+"</b>&am\np;", uint16(0), uint8(2))
	f.Fuzz(func(t *testing.T, s string, limit uint16, times uint8) {
		max := 64 + int(limit)%(maxSplit-63)
		s = strings.Repeat(s, 1+int(times)%32)
		checkSplit(t, s, max, false)
		checkSplit(t, asHTML(s), max, true)
	})
}

// checkSplit checks what SplitText promises for any text; for well-formed
// HTML (html, made by asHTML) it also checks that every part is
// well-formed and that no visible character is lost.
func checkSplit(t *testing.T, s string, max int, html bool) {
	t.Helper()
	parts := bot.SplitText(s, max)
	if len(parts) == 0 {
		t.Fatalf("SplitText(%q, %d) gave no part", s, max)
	}
	s = strings.ToValidUTF8(s, "\uFFFD") // SplitText's promise on invalid UTF-8
	if utf16Len(s) <= max {
		if !slices.Equal(parts, []string{s}) {
			t.Fatalf("SplitText(%q, %d) = %q; a text within the limit must come back whole", s, max, parts)
		}
		return
	}
	for i, p := range parts {
		if got := utf16Len(bot.PlainText(p)); got > max {
			t.Errorf("SplitText(%q, %d): part %d shows %d characters, over %d: %q", s, max, i, got, max, p)
		}
		if utf8.ValidString(s) && !utf8.ValidString(p) {
			t.Errorf("SplitText(%q, %d): part %d is not valid UTF-8: %q", s, max, i, p)
		}
		if strings.TrimSpace(bot.PlainText(p)) == "" && len(parts) > 1 {
			t.Errorf("SplitText(%q, %d): part %d shows nothing: %q", s, max, i, p)
		}
		if html && (!balanced(p) || brokenEntity(p)) {
			t.Errorf("SplitText(%q, %d): part %d breaks a tag or an entity: %q", s, max, i, p)
		}
	}
	if !html {
		return
	}
	var shown strings.Builder
	for _, p := range parts {
		shown.WriteString(bot.PlainText(p))
	}
	// Cuts fall between lines or characters and may drop the blank lines
	// around them, so compare what is shown, spaces aside.
	if got, want := squeeze(shown.String()), squeeze(bot.PlainText(s)); got != want {
		t.Errorf("SplitText(%q, %d) shows %q\nwant %q", s, max, got, want)
	}
}

// asHTML builds well-formed Telegram HTML from any text: the text is
// escaped, and its pieces between '\x01' bytes take turns being plain,
// bold, a link whose address holds an entity, and italic inside bold.
func asHTML(raw string) string {
	wraps := [][2]string{
		{"", ""},
		{"<b>", "</b>"},
		{`<a href="https://example.org/x?a=1&amp;b=2">`, "</a>"},
		{"<b><i>", "</i></b>"},
	}
	var b strings.Builder
	for i, piece := range strings.Split(raw, "\x01") {
		w := wraps[i%len(wraps)]
		b.WriteString(w[0] + bot.Escape(piece) + w[1])
	}
	return b.String()
}

// squeeze drops every space from s.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// utf16Len is a text's length as Telegram counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// FuzzChoose reads any typed text against a text menu: it never panics,
// and a text it takes as a choice names one of the menu's buttons.
func FuzzChoose(f *testing.F) {
	for _, s := range []string{"1", " 2. ", "(3)", "0", "4", "-1", "１", "2 ", "99999999999999999999", "", "hai"} {
		f.Add(s)
	}
	choices := []bot.Button{{Text: "A", Data: "a:1"}, {Text: "B"}, {Text: "C", Data: "c:3"}}
	f.Fuzz(func(t *testing.T, text string) {
		n, ok := bot.MenuNumber(text, len(choices))
		if !ok {
			return
		}
		if n < 1 || n > len(choices) {
			t.Fatalf("%q read as %d, outside 1..%d", text, n, len(choices))
		}
		u := bot.Choose(bot.Update{Kind: bot.KindMessage, Text: text}, "m1", choices[n-1])
		switch {
		case u.Kind == bot.KindCallback && (u.Callback.Data == "a:1" || u.Callback.Data == "c:3") && u.MessageID == "m1":
		case u.Kind == bot.KindMessage && u.Text == "B":
		default:
			t.Fatalf("%q chose %+v", text, u)
		}
	})
}
