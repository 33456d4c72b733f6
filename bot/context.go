package bot

// Texts gives the words the bot package itself needs (expired buttons,
// flood notices, menu hints) in a person's language. The application's
// message catalogue implements it.
type Texts interface {
	Text(lang, key string, args ...any) string
}

// Keys of the catalogue messages the bot package uses.
const (
	MsgExpiredButton = "bot.expired_button" // a forged or stale button was pressed
	MsgSlowDown      = "bot.slow_down"      // too many updates in a short time
	MsgMenuHint      = "bot.menu_hint"      // under a text menu: how to choose (arg: count)
	MsgMenuHintOne   = "bot.menu_hint_one"  // under a text menu of one choice
)

// Context is one update on its way through middleware and a handler. It
// collects the messages the handler wants sent; they are written to the
// outbox with the update's other effects.
type Context struct {
	Update *Update
	// Command and Args are set for a command: "/start@bot g_HN" gives
	// Command "start" and Args "g_HN".
	Command string
	Args    string
	// Action and Params are set for a verified button press.
	Action string
	Params []string
	// Lang is the person's language ("vi" or "en"); middleware may refine it.
	Lang string
	// Caps is what the update's messenger can do (FullCaps unless the
	// application says otherwise): a handler may word a step for it (type
	// the phone number where there is no button to share it).
	Caps     Caps
	out      []Outgoing
	answered bool
	signer   *Signer
	texts    Texts
}

// NewContext returns a Context for u, with lang as its starting language.
func NewContext(u *Update, lang string) *Context {
	return &Context{Update: u, Lang: lang, Caps: FullCaps}
}

// Outgoing returns the messages collected so far, in order.
func (c *Context) Outgoing() []Outgoing { return c.out }

// Reset drops the messages collected so far (used when the update's
// effects are rolled back).
func (c *Context) Reset() { c.out = nil; c.answered = false }

// Queue adds a message to those the update will send.
func (c *Context) Queue(m Outgoing) { c.out = append(c.out, m) }

// Send queues a new message to the update's chat.
func (c *Context) Send(text string, kb *Keyboard) {
	u := c.Update
	c.Queue(Outgoing{Kind: OutSend, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang, Text: text, Keyboard: kb})
}

// SendPhoto queues a photo to the update's chat, by the platform's file
// id, with a caption.
func (c *Context) SendPhoto(fileID, caption string, kb *Keyboard) {
	u := c.Update
	c.Queue(Outgoing{Kind: OutPhoto, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang,
		Photo: fileID, Text: caption, Keyboard: kb})
}

// Edit queues a change to the message that carried the pressed button
// (its caption, when that message is a photo); for anything but a button
// press it sends a new message instead.
func (c *Context) Edit(text string, kb *Keyboard) {
	u := c.Update
	if u.Kind != KindCallback || u.MessageID == "" {
		c.Send(text, kb)
		return
	}
	c.Queue(Outgoing{Kind: OutEdit, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang,
		MessageID: u.MessageID, Caption: u.Captioned, Text: text, Keyboard: kb})
}

// EditAbout is Edit for a message that carries the personal details of
// resident about (a ticket shown to a coordinator), so that forgetting
// that resident removes it from the outbox.
func (c *Context) EditAbout(text string, kb *Keyboard, about int64) {
	c.Edit(text, kb)
	c.out[len(c.out)-1].AboutResidentID = about
}

// Answer answers the pressed button, with an optional short notice
// (alert shows it as a dialog). Without a call, the router answers silently.
func (c *Context) Answer(text string, alert bool) {
	u := c.Update
	if u.Kind != KindCallback || c.answered || u.Callback == nil {
		return
	}
	c.answered = true
	c.Queue(Outgoing{Kind: OutAnswer, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang,
		CallbackID: u.Callback.ID, Text: text, Alert: alert})
}

// T returns the catalogue message key in the person's language.
func (c *Context) T(key string, args ...any) string {
	if c.texts == nil {
		return key
	}
	return c.texts.Text(c.Lang, key, args...)
}

// Button returns an inline button that, when this person presses it, is
// routed to the callback handler of action with params. A param must not
// hold ':' or '|'; data over 64 bytes panics, since it is a programming
// error that tests catch.
func (c *Context) Button(text, action string, params ...string) Button {
	return signedButton(c.signer, c.Update.From.ID, text, action, params)
}

// ButtonFor is Button for another person: only userID can press it (a
// coordinator, say, who is sent a ticket because of this update).
func (c *Context) ButtonFor(userID, text, action string, params ...string) Button {
	return signedButton(c.signer, userID, text, action, params)
}

// SendDocument queues a file to the update's chat, with a caption.
func (c *Context) SendDocument(name string, content []byte, caption string) {
	u := c.Update
	c.Queue(Outgoing{Kind: OutDoc, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang,
		FileName: name, Content: content, Text: caption})
}

// Inline builds an inline keyboard from rows of buttons.
func Inline(rows ...[]Button) *Keyboard { return &Keyboard{Rows: rows} }

// Row is a readability helper for Inline.
func Row(buttons ...Button) []Button { return buttons }
