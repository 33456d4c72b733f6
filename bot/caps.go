package bot

import "strings"

// Caps is what a messenger can do with the messages the bot sends. Each
// adapter declares its own; the dispatcher's Shaper turns what a
// messenger cannot do into what it can, the same way for all, so that
// handlers build one message for every messenger.
type Caps struct {
	// Name is how people call the messenger ("Telegram", "Zalo").
	Name string
	// Buttons: inline buttons whose press comes back as a callback.
	// Without them, buttons (and reply keyboards) become a numbered text
	// menu that the person answers by typing a number.
	Buttons bool
	// ContactButton: a button that shares the person's own phone number.
	// Without it, the person types the number.
	ContactButton bool
	// Edits: a message the bot sent can be changed. Without them, an edit
	// is sent as a new message (or dropped when it was only live progress).
	Edits bool
	// Answers: a button press can be answered with a short notice. Without
	// them, a notice becomes a message and a silent answer nothing.
	Answers bool
	// Documents: a file can be sent. Without them, its text is sent.
	Documents bool
	// PhotoUpload: a photo can be sent by uploading its bytes.
	PhotoUpload bool
	// PhotoURL: a photo can be sent by a public URL the messenger fetches.
	PhotoURL bool
	// CommandMenu: the list of commands can be set per chat.
	CommandMenu bool
	// HTML: the messenger renders HTML formatting (<b>, <i>, <a>); without
	// it the adapter sends plain text.
	HTML bool
	// TextLimit is the most characters (UTF-16 code units) of one message.
	TextLimit int
	// CaptionLimit is the most characters (UTF-16 code units of the text
	// shown: tags dropped, entities decoded) of a photo's caption; 0 means
	// TextLimit. Beyond it a caption continues as text: one message more.
	CaptionLimit int
	// UserLink and UsernameLink open a chat with a person, "{id}" and
	// "{username}" replaced; empty when the messenger has no such link.
	UserLink, UsernameLink string
	// BotLink opens a private chat with this bot and StartLink does the
	// same with a start parameter ("{param}"); empty when the messenger
	// has none: the person then types the command.
	BotLink, StartLink string
}

// PersonLink returns a link that opens a chat with a person, or "" when the
// messenger has none.
func (c Caps) PersonLink(userID, username string) string {
	switch {
	case username != "" && c.UsernameLink != "":
		return strings.ReplaceAll(c.UsernameLink, "{username}", username)
	case userID != "" && c.UserLink != "":
		return strings.ReplaceAll(c.UserLink, "{id}", userID)
	}
	return ""
}

// StartURL returns the link that opens the bot with a start parameter, or
// "" when the messenger has none.
func (c Caps) StartURL(param string) string {
	if c.StartLink == "" {
		return ""
	}
	return strings.ReplaceAll(c.StartLink, "{param}", param)
}

// CaptionMax is the most characters of a photo's caption on the
// messenger (0 when it declares no limit).
func (c Caps) CaptionMax() int {
	if c.CaptionLimit > 0 {
		return c.CaptionLimit
	}
	return c.TextLimit
}

// FitsCaption reports whether text (HTML) with the buttons of kb can be
// one photo's caption on the messenger: its text as shown (VisibleLen)
// and, where there are no buttons, the numbered menu written under it,
// within CaptionMax. A handler that would send a photo with words under
// it rather than words and then a photo asks it first.
func (c Caps) FitsCaption(text string, kb *Keyboard) bool {
	limit := c.CaptionMax()
	return limit <= 0 || VisibleLen(text)+c.menuRoom(kb) <= limit
}

// menuRoom is the room the numbered menu of kb takes under a text where
// there are no buttons (0 where there are): a blank line, each choice on
// a line of its own with a number of up to four digits (a link's address
// beside its label), and the line that says how to choose.
func (c Caps) menuRoom(kb *Keyboard) int {
	if c.Buttons || kb == nil || kb.Remove || kb.Buttons() == 0 {
		return 0
	}
	n := 2 + menuHintRoom
	for _, row := range kb.Rows {
		for _, b := range row {
			n += textLen(PlainText(b.Text)) + len("\n  9999. ")
			if b.URL != "" {
				n += textLen(b.URL) + len(": ")
			}
		}
	}
	return n
}

// menuHintRoom bounds the line under a text menu ("Trả lời 1, 2 hoặc 3
// để chọn.") in any language of the catalogue.
const menuHintRoom = 64

// VisibleLen is the length of an HTML text as messengers count it against
// their limits: the UTF-16 code units of the text shown, tags dropped and
// entities decoded (Telegram counts "after entities parsing").
func VisibleLen(text string) int { return textLen(PlainText(text)) }

// FullCaps is a messenger that can do everything (tests, and the
// baseline the others are measured against), with Telegram's limits.
var FullCaps = Caps{Buttons: true, ContactButton: true, Edits: true, Answers: true, Documents: true,
	PhotoUpload: true, CommandMenu: true, HTML: true, TextLimit: 4096, CaptionLimit: 1024}

// Platforms tells the capabilities of each messenger by name; a name it
// does not know gets FullCaps.
type Platforms map[string]Caps

// Of returns the capabilities of platform.
func (p Platforms) Of(platform string) Caps {
	if c, ok := p[platform]; ok {
		return c
	}
	return FullCaps
}
