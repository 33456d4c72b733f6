package zalo

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
)

// partLimit is the most UTF-16 code units the adapter puts in one message
// or caption: a margin under MaxText, since Zalo does not say how it counts.
const partLimit = 1900

// linkRe matches an HTML link: its href (double-, single- or unquoted)
// and its content.
var linkRe = regexp.MustCompile(`(?is)<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>(.*?)</a\s*>`)

// plainText turns the bot's HTML into the plain text Zalo shows: tags
// dropped and entities decoded (bot.PlainText), except that a web link
// whose address differs from its text keeps the address visible, "text
// (url)". A link only another app opens (tg://, a Telegram profile) keeps
// its text alone.
func plainText(s string) string {
	s = linkRe.ReplaceAllStringFunc(s, func(tag string) string {
		m := linkRe.FindStringSubmatch(tag)
		href := strings.TrimSpace(html.UnescapeString(m[1] + m[2] + m[3]))
		inner := m[4]
		text := strings.TrimSpace(bot.PlainText(inner))
		switch {
		case href == "" || sameLink(text, href) || !webLink(href):
			return inner
		case text == "":
			return html.EscapeString(href)
		}
		return inner + " (" + html.EscapeString(href) + ")"
	})
	return strings.ToValidUTF8(bot.PlainText(s), "\uFFFD")
}

// webLink reports whether href is a link a Zalo user can open: a web
// page, a phone number or an e-mail address, not another app's own.
func webLink(href string) bool {
	h := strings.ToLower(href)
	if strings.HasPrefix(h, "https://t.me/") {
		return false // a Telegram chat: means nothing on Zalo
	}
	for _, scheme := range []string{"https://", "http://", "tel:", "mailto:"} {
		if strings.HasPrefix(h, scheme) {
			return true
		}
	}
	return false
}

// sameLink reports whether a link's text already shows its address.
func sameLink(text, href string) bool {
	for _, scheme := range []string{"", "https://", "http://", "mailto:", "tel:"} {
		if h, ok := strings.CutPrefix(href, scheme); ok && strings.TrimSuffix(h, "/") == strings.TrimSuffix(text, "/") {
			return true
		}
	}
	return false
}

// textLen counts s in UTF-16 code units.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// splitText cuts plain text into parts of at most limit UTF-16 code
// units: after the last line break of a part where there is one in its
// second half, else after the last space there, else between two
// characters that do not belong together (never inside a surrogate pair,
// before a combining mark, or around a zero-width joiner). Parts are
// trimmed of the blanks at the cut, and blank parts are dropped: an empty
// or blank text gives none.
func splitText(s string, limit int) []string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var parts []string
	for s != "" {
		cut := cutPoint(s, limit)
		if part := strings.TrimRightFunc(s[:cut], unicode.IsSpace); strings.TrimSpace(part) != "" {
			parts = append(parts, part)
		}
		s = strings.TrimLeftFunc(s[cut:], unicode.IsSpace)
	}
	return parts
}

// cutPoint returns the byte index at which to end a part of s (valid
// UTF-8): len(s) when s fits in limit units, else above 0 and at most
// limit units in. It reads no further than the limit, so that splitting
// stays linear in the text's length.
func cutPoint(s string, limit int) int {
	hard, n := 0, 0
	for i, r := range s {
		if n += max(utf16.RuneLen(r), 1); n > limit {
			break
		}
		hard = i + utf8.RuneLen(r)
	}
	if hard == len(s) {
		return hard
	}
	if hard == 0 { // a limit below one character
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	if i := strings.LastIndexByte(s[:hard], '\n'); i >= hard/2 {
		return i + 1
	}
	if i := strings.LastIndexFunc(s[:hard], unicode.IsSpace); i >= hard/2 {
		_, size := utf8.DecodeRuneInString(s[i:])
		return i + size
	}
	for cut := hard; cut > 0; {
		next, _ := utf8.DecodeRuneInString(s[cut:])
		prev, size := utf8.DecodeLastRuneInString(s[:cut])
		if !joined(prev, next) {
			return cut
		}
		cut -= size
	}
	return hard // one unbreakable cluster longer than limit: cut it anyway
}

// joined reports whether a cut between prev and next would break a
// character apart: a base and its combining mark (Vietnamese in NFD), an
// emoji and its modifier, a flag, or a zero-width-joiner sequence.
func joined(prev, next rune) bool {
	return prev == '\u200d' || next == '\u200d' ||
		unicode.In(next, unicode.Mn, unicode.Me, unicode.Variation_Selector) ||
		(next >= 0x1F3FB && next <= 0x1F3FF) || // skin tone modifiers
		(isRegional(prev) && isRegional(next)) // a flag's two letters
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }
