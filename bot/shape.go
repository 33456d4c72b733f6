package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// MenuStore keeps the numbered choices of the text menus sent to each
// chat on a messenger without buttons, so that a number typed in answer
// means the same button after a restart. A chat may show several menus
// at once (two tickets sent to a coordinator): their numbers never
// overlap, so a number names one choice of one message. The root
// implements it over storage.
type MenuStore interface {
	// SetMenu keeps choices as the menu of the message carrier in chat, in
	// place of the menu of the message replaces ("" for none), and returns
	// the number its first choice gets. reply marks a reply keyboard's. A
	// menu that is not standing (a reply in the person's own
	// conversation) also replaces the chat's other such menus, so its
	// numbers start again from 1 unless standing ones (notices about
	// others: tickets, reports to review) hold them.
	SetMenu(ctx context.Context, platform, chatID, carrier, replaces string, reply, standing bool, choices []Button) (int, error)
	// RenameMenu gives the menu kept under a provisional carrier the
	// platform's id of its message.
	RenameMenu(ctx context.Context, platform, chatID, from, to string) error
	// ClearMenu forgets the menu of carrier in chat ("": the chat's reply
	// keyboard's).
	ClearMenu(ctx context.Context, platform, chatID, carrier string) error
	// Chosen returns the choice numbered n in chat, and the carrier of its
	// menu; ok is false when no menu of the chat has that number.
	Chosen(ctx context.Context, platform, chatID string, n int) (carrier string, b Button, ok bool, err error)
}

// MediaSource gives the bytes of a photo kept under its SHA-256.
type MediaSource interface {
	Media(ctx context.Context, hash string) ([]byte, error)
}

// Keys of the catalogue messages the Shaper uses.
const (
	MsgMenuHintFew    = "bot.menu_hint_few"    // under a short text menu: "Reply 1, 2 or 3" (args: "1, 2", 3)
	MsgPhotoElsewhere = "bot.photo_elsewhere"  // a photo this messenger cannot be sent
	MsgImageNotShown  = "bot.image_not_shown"  // an image the bot made (a chart) this messenger cannot be sent
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
	if m.Kind == OutEdit && m.Keyboard == nil && m.MessageID != "" && !s.Caps.Buttons {
		m.Keyboard = &Keyboard{} // an edit without buttons takes its message's away
	}
	m, ok := s.shapeKind(ctx, m)
	if !ok {
		return "", nil
	}
	var provisional string
	if !s.Caps.Buttons && m.Keyboard != nil {
		var err error
		if provisional, err = s.textMenu(ctx, &m); err != nil {
			return "", err
		}
	}
	id, err := s.Sender.Send(ctx, m)
	if err == nil && provisional != "" && id != "" {
		// The carrier is known now: an edit of it (sent as a new message
		// here) replaces its menu, one that drops its buttons drops it.
		if merr := s.Menus.RenameMenu(ctx, s.Platform, m.ChatID, provisional, id); merr != nil {
			return id, nil // the menu stands under its provisional name: harmless
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
			if m.Caption {
				m.Text = s.fitCaption(m.Text, m.Keyboard)
			}
			return m, true
		}
		if m.EditOnly {
			return m, false
		}
		// MessageID stays: the menu it carried is replaced. The new
		// message is a text, whatever the old one was.
		m.Kind, m.Caption = OutSend, false
	case OutDoc:
		if !c.Documents {
			m = s.documentAsText(m)
		}
	case OutPhoto:
		m = s.photo(ctx, m)
	}
	return m, true
}

// fitCaption cuts the text of a caption's edit that the platform would
// refuse, longer than CaptionMax (with, where there are no buttons, the
// numbered menu of kb written under it), on a line boundary where it can,
// and marks the cut with "…": an edit changes the message in place, it
// cannot continue it as text as a new photo's long caption does.
func (s *Shaper) fitCaption(text string, kb *Keyboard) string {
	if s.Caps.FitsCaption(text, kb) {
		return text
	}
	room := max(s.Caps.CaptionMax()-s.Caps.menuRoom(kb)-1, 1) // 1: the "…"
	return strings.TrimRight(SplitText(text, room)[0], " \n") + "…"
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
	why := MsgPhotoElsewhere
	if m.Photo == "" { // made by the bot, kept only as bytes
		why = MsgImageNotShown
	}
	m.Kind, m.Photo, m.Media = OutSend, "", ""
	if s.Texts != nil {
		m.Text = strings.TrimSpace(m.Text + "\n\n" + s.Texts.Text(m.Lang, why))
	}
	return m
}

// textMenu writes m's buttons under its text as numbered choices and
// keeps them, under a provisional carrier that it returns ("" when none
// is kept); a keyboard's removal, or an edit that drops the buttons of the
// message carrying a menu, forgets it.
func (s *Shaper) textMenu(ctx context.Context, m *Outgoing) (string, error) {
	kb := m.Keyboard
	if kb.Remove || kb.Buttons() == 0 {
		if s.Menus != nil && (kb.Remove || m.MessageID != "") {
			carrier := m.MessageID
			if kb.Remove {
				carrier = ""
			}
			if err := s.Menus.ClearMenu(ctx, s.Platform, m.ChatID, carrier); err != nil {
				return "", &PlatformError{Kind: Temporary, Reason: "forget text menu: " + err.Error()}
			}
		}
		m.Keyboard = nil
		return "", nil
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
	first, provisional := 1, ""
	if s.Menus != nil && shown.Buttons() > 0 {
		// Kept before sending, so that a number typed as soon as the
		// message arrives finds it.
		// named after its outbox message when known, so that a retry of
		// the message replaces its menu instead of leaving one more
		provisional = "new-" + strconv.FormatInt(rand.Int64(), 36)
		if id, ok := outboxID(ctx); ok {
			provisional = "out-" + strconv.FormatInt(id, 10)
		}
		var err error
		// A message built for a known resident (Outgoing.ResidentID: a
		// notice, a ticket) stands; a reply in a conversation does not.
		standing := m.ResidentID != 0
		first, err = s.Menus.SetMenu(ctx, s.Platform, m.ChatID, provisional, m.MessageID, kb.Reply, standing, shown.choices())
		if err != nil {
			return "", &PlatformError{Kind: Temporary, Reason: "keep text menu: " + err.Error()}
		}
	}
	text, _ := TextMenuFrom(shown, first, s.hint(m.Lang, first, shown.Buttons()))
	parts := []string{m.Text}
	if len(links) > 0 {
		parts = append(parts, Escape(strings.Join(links, "\n")))
	}
	if text != "" {
		parts = append(parts, Escape(text))
	}
	m.Text = strings.Join(parts, "\n\n")
	m.Keyboard = shown
	return provisional, nil
}

// hint is the line under a text menu of n choices numbered from first:
// "Trả lời 1, 2 hoặc 3 để chọn." for a few, a range for more.
func (s *Shaper) hint(lang string, first, n int) string {
	if s.Texts == nil || n == 0 {
		return ""
	}
	switch {
	case n == 1:
		return s.Texts.Text(lang, MsgMenuHintOne, first)
	case n <= 5:
		nums := make([]string, n-1)
		for i := range nums {
			nums[i] = strconv.Itoa(first + i)
		}
		return s.Texts.Text(lang, MsgMenuHintFew, strings.Join(nums, ", "), first+n-1)
	}
	return s.Texts.Text(lang, MsgMenuHint, first, first+n-1)
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
// button b, of the message carrier, would have sent: a button press, or
// the button's text (a reply keyboard's).
func Choose(u Update, carrier string, b Button) Update {
	if b.Data == "" {
		u.Text = b.Text
		return u
	}
	u.Kind = KindCallback
	u.MessageID = carrier
	u.Callback = &Callback{Data: b.Data}
	u.Text = ""
	return u
}

// typedNumber reads the number an update types, if it is nothing else.
func typedNumber(u Update) (int, bool) {
	if u.Kind != KindMessage || u.Photo != nil || u.Contact != nil || u.Media != "" {
		return 0, false
	}
	return MenuNumber(u.Text, maxMenuNumber)
}

// maxMenuNumber bounds the numbers read as choices.
const maxMenuNumber = 9999

// MenuNumber reads "2", " 2 ", "2." or "(2)" as choice 2 of at most n.
func MenuNumber(text string, n int) (int, bool) {
	t := strings.Trim(strings.TrimSpace(text), ".()")
	if t == "" || len(t) > 4 {
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

// outboxIDKey carries the outbox id of the message being sent.
type outboxIDKey struct{}

// withOutboxID tells a Sender which outbox message it sends.
func withOutboxID(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, outboxIDKey{}, id)
}

// outboxID is the outbox id of the message being sent, if known.
func outboxID(ctx context.Context) (int64, bool) {
	id, ok := ctx.Value(outboxIDKey{}).(int64)
	return id, ok && id != 0
}
