package telegramtest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// htmlEntityTypes maps the tags Telegram's HTML parse mode supports to the
// entity type they produce ("" for tags that need their attributes).
var htmlEntityTypes = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"tg-spoiler": "spoiler", "span": "spoiler",
	"a": "text_link", "code": "code", "pre": "pre",
	"blockquote": "blockquote", "tg-emoji": "custom_emoji",
}

// openTag is a start tag waiting for its end tag.
type openTag struct {
	name   string
	entity entityJSON // Offset set, Length computed at the end tag
}

// htmlParser converts Telegram-flavoured HTML into plain text plus
// entities, rejecting what the Bot API rejects. Offsets are in UTF-16
// code units. Error texts follow the real server's ("Unsupported start
// tag ...", "Can't find end tag corresponding to start tag ...").
// Deliberately stricter than the server in one point: a '&' that does not
// start &lt; &gt; &amp; &quot; or a numeric reference is an error, as the
// Bot API documentation demands.
type htmlParser struct {
	src      string
	pos      int
	out      strings.Builder
	units    int
	stack    []openTag
	entities []entityJSON
}

// parseHTML parses text sent with parse_mode=HTML.
func parseHTML(src string) (string, []entityJSON, error) {
	p := &htmlParser{src: src}
	for p.pos < len(src) {
		var err error
		switch src[p.pos] {
		case '&':
			err = p.charRef()
		case '<':
			err = p.tag()
		default:
			r, size := utf8.DecodeRuneInString(src[p.pos:])
			p.pos += size
			p.emit(r)
		}
		if err != nil {
			return "", nil, err
		}
	}
	if len(p.stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", p.stack[len(p.stack)-1].name)
	}
	slices.SortStableFunc(p.entities, func(a, b entityJSON) int {
		return cmp.Or(cmp.Compare(a.Offset, b.Offset), cmp.Compare(b.Length, a.Length))
	})
	return p.out.String(), p.entities, nil
}

func (p *htmlParser) emit(r rune) {
	p.out.WriteRune(r)
	p.units += utf16.RuneLen(r)
}

// charRef consumes a character reference in text.
func (p *htmlParser) charRef() error {
	r, n := decodeCharRef(p.src[p.pos:])
	if n == 0 {
		return fmt.Errorf("Unsupported HTML entity at byte offset %d; "+
			"escape '&' as &amp;", p.pos)
	}
	p.pos += n
	p.emit(r)
	return nil
}

// decodeCharRef decodes &lt; &gt; &amp; &quot; &#DDD; or &#xHHH; at the
// start of s, returning the rune and the bytes consumed (0 if invalid).
func decodeCharRef(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	}
	digits, base := strings.CutPrefix(name, "#")
	if !base {
		return 0, 0
	}
	radix := 10
	if hex, ok := strings.CutPrefix(strings.ToLower(digits), "x"); ok {
		digits, radix = hex, 16
	}
	v, err := strconv.ParseUint(digits, radix, 32)
	if err != nil || v == 0 || !utf8.ValidRune(rune(v)) {
		return 0, 0
	}
	return rune(v), end + 1
}

func (p *htmlParser) tag() error {
	if strings.HasPrefix(p.src[p.pos:], "</") {
		return p.endTag()
	}
	return p.startTag()
}

func (p *htmlParser) startTag() error {
	begin := p.pos
	i := begin + 1
	for i < len(p.src) && !isHTMLSpace(p.src[i]) && p.src[i] != '>' {
		i++
	}
	if i >= len(p.src) {
		return fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	name := strings.ToLower(p.src[begin+1 : i])
	if _, ok := htmlEntityTypes[name]; !ok {
		return fmt.Errorf("Unsupported start tag %q at byte offset %d", name, begin)
	}
	attrs, end, err := parseAttributes(p.src, i, name, begin)
	if err != nil {
		return err
	}
	ent, err := tagEntity(name, attrs, begin)
	if err != nil {
		return err
	}
	p.pos = end
	ent.Offset = p.units
	if name == "code" && len(p.stack) > 0 && p.stack[len(p.stack)-1].name == "pre" {
		// <pre><code class="language-x"> is one pre entity with a language.
		top := &p.stack[len(p.stack)-1]
		top.entity.Language = cmp.Or(top.entity.Language, ent.Language)
		ent.Type = ""
	}
	if name == "code" {
		ent.Language = ""
	}
	p.stack = append(p.stack, openTag{name: name, entity: ent})
	return nil
}

// parseAttributes reads attributes from src[i:] up to and including the
// closing '>', returning lower-cased names with decoded values and the
// position after the tag.
func parseAttributes(src string, i int, tag string, begin int) (map[string]string, int, error) {
	attrs := map[string]string{}
	for {
		i = skipHTMLSpace(src, i)
		if i >= len(src) {
			return nil, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		if src[i] == '>' {
			return attrs, i + 1, nil
		}
		nameStart := i
		for i < len(src) && !isHTMLSpace(src[i]) && src[i] != '=' && src[i] != '>' {
			i++
		}
		name := strings.ToLower(src[nameStart:i])
		if name == "" {
			return nil, 0, fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", tag, begin)
		}
		i = skipHTMLSpace(src, i)
		if i >= len(src) || src[i] != '=' {
			if name == "expandable" {
				attrs[name] = ""
				continue
			}
			return nil, 0, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag %q "+
				"at byte offset %d", tag, begin)
		}
		value, next, err := attributeValue(src, skipHTMLSpace(src, i+1), begin)
		if err != nil {
			return nil, 0, err
		}
		attrs[name], i = value, next
	}
}

// attributeValue reads a quoted or bare attribute value at src[i:].
func attributeValue(src string, i, begin int) (string, int, error) {
	if i >= len(src) {
		return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	if q := src[i]; q == '"' || q == '\'' {
		end := strings.IndexByte(src[i+1:], q)
		if end < 0 {
			return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		return unescapeAttribute(src[i+1 : i+1+end]), i + end + 2, nil
	}
	start := i
	for i < len(src) && !isHTMLSpace(src[i]) && src[i] != '>' {
		i++
	}
	return strings.ToLower(src[start:i]), i, nil
}

// unescapeAttribute decodes character references in an attribute value,
// leaving anything undecodable as is (as Telegram does).
func unescapeAttribute(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '&' {
			if r, n := decodeCharRef(s[i:]); n > 0 {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// tagEntity builds the entity a start tag opens, checking its attributes.
func tagEntity(name string, attrs map[string]string, begin int) (entityJSON, error) {
	ent := entityJSON{Type: htmlEntityTypes[name]}
	switch name {
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return ent, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
		}
	case "a":
		ent.URL = attrs["href"]
		if ent.URL == "" {
			ent.Type = "" // a link without href is plain text
		}
	case "code":
		// Only meaningful inside <pre>; see startTag.
		if lang, ok := strings.CutPrefix(attrs["class"], "language-"); ok {
			ent.Language = lang
		}
	case "tg-emoji":
		ent.CustomEmojiID = attrs["emoji-id"]
		if ent.CustomEmojiID == "" {
			return ent, fmt.Errorf("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset %d", begin)
		}
	case "blockquote":
		if _, ok := attrs["expandable"]; ok {
			ent.Type = "expandable_blockquote"
		}
	}
	return ent, nil
}

func (p *htmlParser) endTag() error {
	begin := p.pos
	end := strings.IndexByte(p.src[begin:], '>')
	if end < 0 {
		return fmt.Errorf("Unclosed end tag at byte offset %d", begin)
	}
	name := strings.ToLower(strings.TrimSpace(p.src[begin+2 : begin+end]))
	if len(p.stack) == 0 {
		return fmt.Errorf("Unexpected end tag at byte offset %d", begin)
	}
	top := p.stack[len(p.stack)-1]
	if name != top.name {
		return fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"",
			begin, top.name, name)
	}
	p.stack = p.stack[:len(p.stack)-1]
	p.pos = begin + end + 1
	ent := top.entity
	ent.Length = p.units - ent.Offset
	if ent.Type != "" && ent.Length > 0 {
		p.entities = append(p.entities, ent)
	}
	return nil
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func skipHTMLSpace(s string, i int) int {
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	return i
}
