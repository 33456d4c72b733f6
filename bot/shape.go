package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// MenuStore keeps, per chat, the numbered choices of the last text menu
// sent there, so that a number typed in answer means the same button after
// a restart. Storage implements it.
type MenuStore interface {
	// SetMenu records choices as the menu of chat, shown under the message
	// carrier ("" while it is not known yet).
	SetMenu(ctx context.Context, platform, chatID, carrier string, choices []Button) error
	// ClearMenu forgets the menu of chat if it is shown under carrier ("":
	// whichever it is).
	ClearMenu(ctx context.Context, platform, chatID, carrier string) error
	// Menu returns the menu of chat: the message that carries it and its
	// choices in number order (none when there is no menu).
	Menu(ctx context.Context, platform, chatID string) (carrier string, choices []Button, err error)
}

// MediaSource gives the bytes of a photo kept under its SHA-256.
type MediaSource interface {
	Media(ctx context.Context, hash string) ([]byte, error)
}

// Keys of the catalogue messages the Shaper uses.
const (
	MsgMenuHintFew    = "bot.menu_hint_few"    // under a short text menu: "Reply 1, 2 or 3" (args: "1, 2", 3)
	MsgPhotoElsewhere = "bot.photo_elsewhere"  // a photo this messenger cannot be sent
	MsgDocumentAsText = "bot.document_as_text" // a file sent as text (arg: file name)
)

// Shaper is the Sender of one platform that fits each message to what the
// platform can do (Caps), the same way for every platform: buttons become
// a numbered text menu kept in Menus, an edit becomes a new message, an
// answer's notice a message, a document its text, a photo kept on another
// messenger an upload or a public URL (or a line saying it is on the other
// app), a command menu nothing. Then Sender delivers it.
type Shaper struct {
	Platform string
	Caps     Caps
	Sender   Sender
	Menus    MenuStore   // nil: typed numbers are not remembered
	Media    MediaSource // nil: photos from other messengers are not shown
	// MediaURL returns the public URL of a kept photo, or "" when photos
	// are not served (CHUNGSUC_PUBLIC_URL unset).
	MediaURL func(hash string) string
	Texts    Texts
}

// Send shapes m for the platform and delivers it; a message that the
// platform has no use for (a silent answer, a command menu) is settled
// without a request.
func (s *Shaper) Send(ctx context.Context, m Outgoing) (string, error) {
	m, ok := s.shapeKind(ctx, m)
	if !ok {
		return "", nil
	}
	if !s.Caps.Buttons && m.Keyboard != nil {
		if err := s.textMenu(ctx, &m); err != nil {
			return "", err
		}
	}
	id, err := s.Sender.Send(ctx, m)
	if err == nil && s.pendingMenu(m) && id != "" && s.Menus != nil {
		// The carrier is known now: an edit of it (sent as a new message
		// here) that drops its buttons drops the menu too.
		if merr := s.Menus.SetMenu(ctx, s.Platform, m.ChatID, id, m.Keyboard.choices()); merr != nil {
			return id, nil // the menu stands, without its carrier: harmless
		}
	}
	return id, err
}

// shapeKind turns a kind the platform lacks into one it has; ok is false
// when nothing is to be sent.
func (s *Shaper) shapeKind(ctx context.Context, m Outgoing) (Outgoing, bool) {
	c := s.Caps
	switch m.Kind {
	case OutMenu:
		return m, c.CommandMenu
	case OutAnswer:
		if c.Answers {
			return m, true
		}
		m.Kind, m.CallbackID, m.Alert = OutSend, "", false
		return m, strings.TrimSpace(m.Text) != ""
	case OutEdit:
		if c.Edits {
			return m, true
		}
		if m.EditOnly {
			return m, false
		}
		m.Kind = OutSend // MessageID stays: the menu it carried is replaced
	case OutDoc:
		if !c.Documents {
			m = s.documentAsText(m)
		}
	case OutPhoto:
		m = s.photo(ctx, m)
	}
	return m, true
}

// documentAsText sends a file's content as text under its caption.
func (s *Shaper) documentAsText(m Outgoing) Outgoing {
	head := m.Text
	if s.Texts != nil {
		head = strings.TrimSpace(head + "\n" + s.Texts.Text(m.Lang, MsgDocumentAsText, Escape(m.FileName)))
	}
	m.Kind = OutSend
	m.Text = head + "\n\n<pre>" + Escape(strings.ToValidUTF8(string(m.Content), "\uFFFD")) + "</pre>"
	m.FileName, m.Content = "", nil
	return m
}

// photo decides how a photo reaches this platform: by its own file id,
// by upload, by public URL, or not at all (then as text, saying so).
func (s *Shaper) photo(ctx context.Context, m Outgoing) Outgoing {
	own := m.Photo != "" && (m.PhotoPlatform == "" || m.PhotoPlatform == s.Platform)
	switch {
	case s.Caps.PhotoURL:
		if m.Media != "" && s.MediaURL != nil {
			if u := s.MediaURL(m.Media); u != "" {
				m.PhotoURL = u
				return m
			}
		}
		if own {
			m.PhotoURL = m.Photo
			return m
		}
	case own:
		return m
	case s.Caps.PhotoUpload && m.Media != "" && s.Media != nil:
		if b, err := s.Media.Media(ctx, m.Media); err == nil && len(b) > 0 {
			m.Upload = b
			return m
		}
	}
	m.Kind, m.Photo, m.Media = OutSend, "", ""
	if s.Texts != nil {
		m.Text = strings.TrimSpace(m.Text + "\n\n" + s.Texts.Text(m.Lang, MsgPhotoElsewhere))
	}
	return m
}

// pendingMenu reports whether m carries choices to remember.
func (s *Shaper) pendingMenu(m Outgoing) bool {
	return !s.Caps.Buttons && m.Keyboard != nil && len(m.Keyboard.choices()) > 0
}

// textMenu writes m's buttons under its text as numbered choices and
// remembers them; a keyboard's removal, or an edit that drops the buttons
// of the message carrying the menu, forgets them.
func (s *Shaper) textMenu(ctx context.Context, m *Outgoing) error {
	kb := m.Keyboard
	if kb.Remove || kb.Buttons() == 0 {
		if s.Menus != nil && (kb.Remove || m.MessageID != "") {
			carrier := m.MessageID
			if kb.Remove {
				carrier = ""
			}
			if err := s.Menus.ClearMenu(ctx, s.Platform, m.ChatID, carrier); err != nil {
				return &PlatformError{Kind: Temporary, Reason: "forget text menu: " + err.Error()}
			}
		}
		m.Keyboard = nil
		return nil
	}
	shown := &Keyboard{Reply: kb.Reply}
	var links []string
	for _, row := range kb.Rows {
		var keep []Button
		for _, b := range row {
			switch {
			case b.Contact && !s.Caps.ContactButton:
				continue // the step says to type the number
			case b.URL != "":
				links = append(links, PlainText(b.Text)+": "+b.URL)
				continue
			}
			keep = append(keep, b)
		}
		if len(keep) > 0 {
			shown.Rows = append(shown.Rows, keep)
		}
	}
	text, _ := TextMenu(shown, s.hint(m.Lang, shown.Buttons()))
	parts := []string{m.Text}
	if len(links) > 0 {
		parts = append(parts, Escape(strings.Join(links, "\n")))
	}
	if text != "" {
		parts = append(parts, Escape(text))
	}
	m.Text = strings.Join(parts, "\n\n")
	m.Keyboard = shown
	if s.Menus == nil || shown.Buttons() == 0 {
		return nil
	}
	// Kept before sending, so that a number typed as soon as the message
	// arrives finds it; the carrier follows once the platform names it.
	if err := s.Menus.SetMenu(ctx, s.Platform, m.ChatID, "", shown.choices()); err != nil {
		return &PlatformError{Kind: Temporary, Reason: "keep text menu: " + err.Error()}
	}
	return nil
}

// hint is the line under a text menu of n choices: "Trả lời 1, 2 hoặc 3
// để chọn." for a few, a range for more.
func (s *Shaper) hint(lang string, n int) string {
	if s.Texts == nil || n == 0 {
		return ""
	}
	switch {
	case n == 1:
		return s.Texts.Text(lang, MsgMenuHintOne)
	case n <= 5:
		nums := make([]string, n-1)
		for i := range nums {
			nums[i] = strconv.Itoa(i + 1)
		}
		return s.Texts.Text(lang, MsgMenuHintFew, strings.Join(nums, ", "), n)
	}
	return s.Texts.Text(lang, MsgMenuHint, n)
}

// choices lists the buttons of k in number order.
func (k *Keyboard) choices() []Button {
	if k == nil || k.Remove {
		return nil
	}
	var out []Button
	for _, row := range k.Rows {
		out = append(out, row...)
	}
	return out
}

// Choose turns a number typed in answer to a text menu into what pressing
// that button would have sent: a button press (carried by carrier) or the
// button's text. ok is false when text is not one of the menu's numbers.
func Choose(u Update, carrier string, choices []Button) (Update, bool) {
	if u.Kind != KindMessage || u.Photo != nil || u.Contact != nil || u.Media != "" || len(choices) == 0 {
		return u, false
	}
	n, ok := menuNumber(u.Text, len(choices))
	if !ok {
		return u, false
	}
	b := choices[n-1]
	if b.Data == "" {
		u.Text = b.Text
		return u, true
	}
	u.Kind = KindCallback
	u.MessageID = carrier
	u.Callback = &Callback{Data: b.Data}
	u.Text = ""
	return u, true
}

// menuNumber reads "2", " 2 ", "2." or "(2)" as choice 2 of n.
func menuNumber(text string, n int) (int, bool) {
	t := strings.Trim(strings.TrimSpace(text), ".()")
	if t == "" || len(t) > 3 {
		return 0, false
	}
	v, err := strconv.Atoi(t)
	if err != nil || v < 1 || v > n {
		return 0, false
	}
	return v, true
}

// String describes caps for logs: what the platform lacks.
func (c Caps) String() string {
	var lacks []string
	for _, f := range []struct {
		has  bool
		name string
	}{{c.Buttons, "buttons"}, {c.Edits, "edits"}, {c.Answers, "answers"}, {c.Documents, "documents"},
		{c.PhotoUpload || c.PhotoURL, "photos"}, {c.CommandMenu, "command menu"}, {c.HTML, "formatting"}} {
		if !f.has {
			lacks = append(lacks, f.name)
		}
	}
	if len(lacks) == 0 {
		return fmt.Sprintf("everything, %d characters a message", c.TextLimit)
	}
	return fmt.Sprintf("no %s; %d characters a message", strings.Join(lacks, ", "), c.TextLimit)
}
