package telegramtest

// User is a Telegram user as seen by the bot. Tests pass it to the Push*
// methods to describe who sent an update.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

// Chat describes the chat an update arrives in. Type is "private", "group",
// "supergroup" or "channel"; when empty it is inferred from the ID the way
// Telegram numbers chats (positive: private, below -10^12: supergroup,
// other negative: group).
type Chat struct {
	ID    int64
	Type  string
	Title string
}

// Command is one bot command as stored by setMyCommands.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// The unexported types below fix the JSON shapes the fake emits; they follow
// the field names of the Bot API reference.

type userJSON struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

type botUserJSON struct {
	userJSON
	CanJoinGroups           bool `json:"can_join_groups"`
	CanReadAllGroupMessages bool `json:"can_read_all_group_messages"`
	SupportsInlineQueries   bool `json:"supports_inline_queries"`
	CanConnectToBusiness    bool `json:"can_connect_to_business"`
	HasMainWebApp           bool `json:"has_main_web_app"`
}

type chatJSON struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

type entityJSON struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
}

type photoSizeJSON struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

type documentJSON struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

type stickerJSON struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Type         string `json:"type"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	IsAnimated   bool   `json:"is_animated"`
	IsVideo      bool   `json:"is_video"`
	Emoji        string `json:"emoji,omitempty"`
}

type voiceJSON struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Duration     int    `json:"duration"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

type contactJSON struct {
	PhoneNumber string `json:"phone_number"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name,omitempty"`
	UserID      int64  `json:"user_id,omitempty"`
}

type messageJSON struct {
	MessageID       int64           `json:"message_id"`
	From            *userJSON       `json:"from,omitempty"`
	Chat            chatJSON        `json:"chat"`
	Date            int64           `json:"date"`
	EditDate        int64           `json:"edit_date,omitempty"`
	ReplyToMessage  *messageJSON    `json:"reply_to_message,omitempty"`
	Text            string          `json:"text,omitempty"`
	Entities        []entityJSON    `json:"entities,omitempty"`
	Caption         string          `json:"caption,omitempty"`
	CaptionEntities []entityJSON    `json:"caption_entities,omitempty"`
	Photo           []photoSizeJSON `json:"photo,omitempty"`
	Document        *documentJSON   `json:"document,omitempty"`
	Sticker         *stickerJSON    `json:"sticker,omitempty"`
	Voice           *voiceJSON      `json:"voice,omitempty"`
	Contact         *contactJSON    `json:"contact,omitempty"`
	ReplyMarkup     jsonText        `json:"reply_markup,omitempty"`
}

type callbackJSON struct {
	ID           string       `json:"id"`
	From         userJSON     `json:"from"`
	Message      *messageJSON `json:"message,omitempty"`
	ChatInstance string       `json:"chat_instance"`
	Data         string       `json:"data,omitempty"`
}

type updateJSON struct {
	UpdateID      int64         `json:"update_id"`
	Message       *messageJSON  `json:"message,omitempty"`
	CallbackQuery *callbackJSON `json:"callback_query,omitempty"`
}

type webhookInfoJSON struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

// jsonText is pre-encoded JSON kept as an immutable string, so that copies
// of a message never share mutable bytes.
type jsonText string

// MarshalJSON emits the stored JSON verbatim.
func (t jsonText) MarshalJSON() ([]byte, error) {
	if t == "" {
		return []byte("null"), nil
	}
	return []byte(t), nil
}

func (u User) json() userJSON {
	return userJSON{
		ID:           u.ID,
		FirstName:    u.FirstName,
		LastName:     u.LastName,
		Username:     u.Username,
		LanguageCode: u.LanguageCode,
	}
}

// chatType infers a chat type from a Telegram chat identifier.
func chatType(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id <= -1_000_000_000_000:
		return "supergroup"
	default:
		return "group"
	}
}
