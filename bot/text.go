package bot

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Escape makes a user-supplied string safe inside an HTML message.
func Escape(s string) string { return html.EscapeString(s) }

var tagRe = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>`)

// PlainText turns an HTML message into plain text: tags dropped, entities
// decoded. Text menus and the console use it.
func PlainText(s string) string {
	return html.UnescapeString(tagRe.ReplaceAllString(s, ""))
}

// textLen measures text as Telegram does: in UTF-16 code units, so an
// emoji outside the basic plane counts twice.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// SplitText cuts an HTML message into parts of at most max characters
// (UTF-16 code units, as Telegram counts),
// on line boundaries where it can (a single longer line is cut between
// characters, never inside a tag or an entity), closing the tags still
// open at the end of a part and opening them again at the start of the
// next, so every part is valid. Invalid UTF-8 becomes U+FFFD. It always
// returns at least one part.
func SplitText(s string, max int) []string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if textLen(s) <= max {
		return []string{s}
	}
	var parts []string
	var cur strings.Builder
	var open []string // tags open at the end of cur, outermost first
	budget := max     // room for the closing and reopening tags is kept on long limits
	if max > 256 {
		budget = max - 64
	}
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		text := cur.String()
		for i := len(open) - 1; i >= 0; i-- {
			text += "</" + tagName(open[i]) + ">"
		}
		if strings.TrimSpace(PlainText(text)) != "" {
			parts = append(parts, strings.TrimRight(text, "\n"))
		}
		cur.Reset()
		cur.WriteString(strings.Join(open, ""))
	}
	for _, line := range splitLines(s, budget) {
		if cur.Len() > 0 && textLen(cur.String())+textLen(line) > budget {
			flush()
		}
		cur.WriteString(line)
		open = trackTags(open, line)
	}
	if strings.TrimSpace(PlainText(cur.String())) != "" {
		flush()
	}
	if len(parts) == 0 { // nothing to show: an empty part, which the platform refuses
		parts = []string{""}
	}
	return parts
}

// splitLines splits s after each newline, and cuts any line longer than
// budget between characters (never inside a tag or an entity).
func splitLines(s string, budget int) []string {
	var out []string
	for _, line := range strings.SplitAfter(s, "\n") {
		for textLen(line) > budget {
			cut := safeCut(line, budget)
			out = append(out, line[:cut])
			line = line[cut:]
		}
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

// entityRe matches an HTML entity: &amp;, &#128512;, &#x1F600;.
var entityRe = regexp.MustCompile(`&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{0,31});`)

// maxSpan bounds how far past a cut a tag or an entity is looked for.
const maxSpan = 1024

// safeCut returns a byte index into line (valid UTF-8) at most budget code
// units in, on a character boundary outside any tag or entity. When even
// the first tag or entity is longer than budget, it returns the end of it
// (the part is then too long, and the platform says so, rather than
// broken).
func safeCut(line string, budget int) int {
	cut, n := 0, 0
	for i, r := range line {
		if n+utf16.RuneLen(r) > budget {
			break
		}
		cut, n = i+utf8.RuneLen(r), n+utf16.RuneLen(r)
	}
	end := min(len(line), cut+maxSpan)
	if open := strings.LastIndexByte(line[:end], '<'); open > strings.LastIndexByte(line[:end], '>') {
		// a tag longer than the window: take it whole
		if close := strings.IndexByte(line[end:], '>'); close >= 0 {
			end += close + 1
		}
	}
	window := line[:end]
	spans := append(tagRe.FindAllStringIndex(window, -1), entityRe.FindAllStringIndex(window, -1)...)
	c, end := cut, cut
	for moved := true; moved; { // back out of the tag or entity around c (an entity may sit in a tag)
		moved = false
		for _, sp := range spans {
			if sp[0] < c && c < sp[1] {
				c, end, moved = sp[0], max(end, sp[1]), true
			}
		}
	}
	switch {
	case c > 0:
		return c
	case end > cut:
		return end
	}
	_, size := utf8.DecodeRuneInString(line) // a budget below one character
	return max(size, 1)
}

// trackTags updates the stack of open tags with those opened and closed in line.
func trackTags(open []string, line string) []string {
	for _, m := range tagRe.FindAllStringSubmatch(line, -1) {
		if m[1] == "/" {
			for i := len(open) - 1; i >= 0; i-- {
				if tagName(open[i]) == strings.ToLower(m[2]) {
					open = append(open[:i], open[i+1:]...)
					break
				}
			}
			continue
		}
		open = append(open, m[0])
	}
	return open
}

func tagName(tag string) string {
	m := tagRe.FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return strings.ToLower(m[2])
}

// MenuChoice is one numbered entry of a text menu.
type MenuChoice struct {
	Number int
	Button Button
}

// TextMenu renders a message's buttons as numbered choices, for
// messengers and terminals without buttons. It returns the text to show
// under the message and the choices in number order.
func TextMenu(kb *Keyboard, hint string) (string, []MenuChoice) {
	return TextMenuFrom(kb, 1, hint)
}

// TextMenuFrom is TextMenu numbering the choices from first.
func TextMenuFrom(kb *Keyboard, first int, hint string) (string, []MenuChoice) {
	if kb == nil || kb.Remove || kb.Buttons() == 0 {
		return "", nil
	}
	var b strings.Builder
	var choices []MenuChoice
	for _, row := range kb.Rows {
		for _, btn := range row {
			n := first + len(choices)
			choices = append(choices, MenuChoice{Number: n, Button: btn})
			fmt.Fprintf(&b, "  %d. %s\n", n, btn.Text)
		}
	}
	if hint != "" {
		b.WriteString(hint)
	}
	return strings.TrimRight(b.String(), "\n"), choices
}
