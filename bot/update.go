// Package bot is the platform-neutral heart of Chung Sức: the updates that
// messengers deliver, the messages the bot sends back, the command router
// and its middleware, the long-poll engine and the outbox dispatcher. It
// knows no other package of the project; what it needs from storage it
// declares as small interfaces of its own. One adapter per messenger lives
// under bot/ (telegram, console) and turns its platform into these types.
package bot

import "time"

// Kind says what an update carries.
type Kind string

// The kinds of update the router tells apart.
const (
	KindMessage  Kind = "message"  // a message from a person: text, photo, contact, or other media
	KindCallback Kind = "callback" // a press on an inline button
	KindIgnored  Kind = "ignored"  // anything the bot does not act on (edits, channel posts, ...)
)

// Update is one event from a messenger, in a shape every adapter produces.
type Update struct {
	// Source names the stream the update came from, e.g. "telegram:123456"
	// (the bot's own id), so bookkeeping never mixes two bots.
	Source string
	// Platform is the messenger: "telegram", "zalo" or "console".
	Platform string
	// ID identifies the update within its source, exactly (never by order).
	ID string
	// Seq is the platform's sequence number used for the poll offset
	// (Telegram's update_id); 0 when the platform has none.
	Seq int64
	// Receipt is the row that holds the update when it came by webhook
	// (the inbox), to delete in the transaction that applies it; 0 when it
	// was polled.
	Receipt int64

	Kind Kind
	From User
	Chat Chat
	Time time.Time

	// MessageID is the platform's id of the incoming message (or, for a
	// callback, of the bot's message that carried the button).
	MessageID string
	// Captioned is set on a callback whose message (MessageID) is a photo
	// or another media message: its words are a caption, which an edit
	// changes as such (Outgoing.Caption). An adapter that cannot tell
	// leaves it false.
	Captioned bool
	Text      string
	Photo     *Photo
	Contact   *Contact
	// Media names a kind of content the bot cannot read as text, a photo
	// or a contact: "sticker", "voice", "video", "document", "location",
	// "animation", "audio", "other", or MediaUnsupported. Empty for text,
	// photos and contacts.
	Media    string
	Callback *Callback
}

// MediaUnsupported is content the messenger did not pass on at all (Zalo
// hides what protected users, such as children, send).
const MediaUnsupported = "unsupported"

// User is the person behind an update.
type User struct {
	ID           string
	Name         string
	Username     string
	LanguageCode string
}

// Chat is where an update happened and where replies go.
type Chat struct {
	ID      string
	Private bool
}

// Photo is a picture a person sent: the platform's reference to it, and
// once the engine has downloaded it, the SHA-256 of its bytes, under which
// the bytes are kept (so it can be shown on another messenger).
type Photo struct {
	// FileID is the platform's id of the picture (a Telegram file id, or
	// a Zalo image URL), usable only on that platform.
	FileID string
	// FileUniqueID is the same for the same picture sent twice on one
	// platform ("" when the platform has none).
	FileUniqueID string
	// URL is where the picture can be downloaded, when the platform says
	// so in the update (Zalo); otherwise the adapter finds it from FileID.
	URL string
	// Hash is the hex SHA-256 of the picture's bytes, once downloaded.
	Hash string
}

// Contact is a phone number shared with the platform's contact button.
type Contact struct {
	Phone  string
	UserID string // the contact's own user id when it is the sender's own number
}

// Callback is a button press.
type Callback struct {
	ID   string
	Data string
}
