package bot

import (
	"encoding/json"
	"fmt"
)

// OutKind says what an outgoing message asks the platform to do.
type OutKind string

// The kinds of outgoing message.
const (
	OutSend   OutKind = "send"     // a new text message
	OutPhoto  OutKind = "photo"    // a photo by the platform's file id, with a caption
	OutEdit   OutKind = "edit"     // replace the text (Caption: the caption) and buttons of a message the bot sent
	OutAnswer OutKind = "answer"   // answer a button press (stops the spinner, may show a notice)
	OutDoc    OutKind = "document" // a file made by the bot (FileName, Content), with a caption
	OutMenu   OutKind = "menu"     // set the command menu of one chat (Commands), in its person's language
)

// PriorityBulk is the outbox priority of bulk traffic (an appeal's
// deliveries): every reply (priority 0) goes before it.
const PriorityBulk = 10

// Outgoing is one message the bot wants delivered. Handlers produce them;
// they are stored in the outbox in the update's transaction and sent by
// the dispatcher after the commit. Text is HTML: the catalogue escapes every
// user-supplied string before it gets here.
type Outgoing struct {
	Kind       OutKind   `json:"kind"`
	Platform   string    `json:"platform"`
	ChatID     string    `json:"chat_id"`
	Text       string    `json:"text,omitempty"`
	Keyboard   *Keyboard `json:"keyboard,omitempty"`
	MessageID  string    `json:"message_id,omitempty"`  // OutEdit: the message to change
	CallbackID string    `json:"callback_id,omitempty"` // OutAnswer: the press to answer
	Alert      bool      `json:"alert,omitempty"`       // OutAnswer: show as a dialog
	Photo      string    `json:"photo,omitempty"`       // OutPhoto: file id on PhotoPlatform
	// PhotoPlatform is the platform whose file id Photo is ("" for the
	// message's own platform); Media is the hex SHA-256 of the photo's
	// bytes when they were kept, so that another platform can show it.
	PhotoPlatform string `json:"photo_platform,omitempty"`
	Media         string `json:"media,omitempty"`
	// PhotoURL and Upload are filled by the Shaper just before sending,
	// for a platform that takes a photo by URL or by upload.
	PhotoURL string `json:"-"`
	Upload   []byte `json:"-"`
	// EditOnly marks an edit that is only worth making in place (a live
	// progress figure): where messages cannot be edited it is dropped
	// rather than sent as one more message.
	EditOnly bool `json:"edit_only,omitempty"`
	// Caption marks an OutEdit of a photo (or another media message): its
	// caption changes, which a messenger may do otherwise than a text's
	// (Telegram: editMessageCaption, within the caption's limit). A
	// payload written without it decodes as the edit of a text.
	Caption bool `json:"caption,omitempty"`
	// FileName and Content are an OutDoc's file.
	FileName string `json:"file_name,omitempty"`
	Content  []byte `json:"content,omitempty"`
	// Commands is an OutMenu's command menu, in order.
	Commands []MenuCommand `json:"commands,omitempty"`
	// Erase asks that no trace of the message be kept once it is settled
	// (the last words to a person who deleted their data).
	Erase bool `json:"erase,omitempty"`
	// Lang is the recipient's language, for words a platform adds itself
	// (a text menu's hint).
	Lang string `json:"lang,omitempty"`
	// Priority orders the outbox: 0 for replies to a person, higher
	// (PriorityBulk) for bulk traffic, which waits behind replies.
	Priority int `json:"-"`
	// PaidBroadcast asks the platform to deliver the message as a paid
	// broadcast, beyond its free rate (Telegram's allow_paid_broadcast).
	// The dispatcher sets it on bulk traffic when told to.
	PaidBroadcast bool `json:"paid,omitempty"`
	// ResidentID is who the message is for, when known (0 otherwise).
	ResidentID int64 `json:"-"`
	// AboutResidentID is whose personal details the message carries, when
	// it goes to someone else (a coordinator), so they can be erased.
	AboutResidentID int64 `json:"-"`
}

// MenuCommand is one entry of a command menu: a command's name (without
// the slash) and what it does, in plain text.
type MenuCommand struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Keyboard is a set of buttons under a message (inline), or a reply
// keyboard that replaces the phone's keyboard (Reply), or an order to
// remove such a reply keyboard (Remove).
type Keyboard struct {
	Rows   [][]Button `json:"rows,omitempty"`
	Reply  bool       `json:"reply,omitempty"`
	Remove bool       `json:"remove,omitempty"`
}

// Button is one choice. Inline buttons carry signed callback Data (or a
// URL); reply-keyboard buttons send their Text, or the user's phone number
// when Contact is set.
type Button struct {
	Text    string `json:"text"`
	Data    string `json:"data,omitempty"`
	URL     string `json:"url,omitempty"`
	Contact bool   `json:"contact,omitempty"`
}

// Buttons counts the buttons of k.
func (k *Keyboard) Buttons() int {
	if k == nil {
		return 0
	}
	n := 0
	for _, row := range k.Rows {
		n += len(row)
	}
	return n
}

// Encode turns m into the opaque payload the outbox stores.
func (m Outgoing) Encode() ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode outgoing: %w", err)
	}
	return b, nil
}

// DecodeOutgoing reads a payload written by Encode.
func DecodeOutgoing(b []byte) (Outgoing, error) {
	var m Outgoing
	if err := json.Unmarshal(b, &m); err != nil {
		return Outgoing{}, fmt.Errorf("decode outgoing: %w", err)
	}
	return m, nil
}
