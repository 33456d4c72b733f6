package telegramtest

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits enforced by Telegram, in UTF-16 code units after entity parsing.
const (
	maxTextLen    = 4096
	maxCaptionLen = 1024
)

type msgKey struct{ chat, id int64 }

// storedMessage is the fake's copy of a message in a chat.
type storedMessage struct {
	msg     messageJSON
	fromBot bool
	markup  jsonText // canonical inline keyboard, "" when none
}

type callbackState struct {
	answered bool
	text     string
}

// formatted is a text or caption after parse_mode processing.
type formatted struct {
	raw, plain, mode string
	entities         []entityJSON
}

// parseFormatted applies parse_mode to raw. HTML is parsed and validated;
// Markdown and MarkdownV2 are accepted but passed through unparsed.
func parseFormatted(raw, mode string) (formatted, *apiError) {
	if !utf8.ValidString(raw) {
		return formatted{}, badRequest("strings must be encoded in UTF-8")
	}
	f := formatted{raw: raw, plain: raw, mode: mode}
	switch strings.ToLower(mode) {
	case "", "markdown", "markdownv2":
	case "html":
		plain, ents, err := parseHTML(raw)
		if err != nil {
			return formatted{}, badRequest("can't parse entities: %v", err)
		}
		f.plain, f.entities = plain, ents
	default:
		return formatted{}, badRequest("unsupported parse_mode")
	}
	return f, nil
}

// messageText validates the text parameter of sendMessage/editMessageText.
func messageText(r *request) (formatted, *apiError) {
	f, e := parseFormatted(r.get("text"), r.get("parse_mode"))
	switch {
	case e != nil:
		return formatted{}, e
	case strings.TrimSpace(f.plain) == "":
		return formatted{}, badRequest("message text is empty")
	case utf16Len(f.plain) > maxTextLen:
		return formatted{}, badRequest("message is too long")
	}
	return f, nil
}

// caption validates the optional caption parameter of media messages.
func caption(r *request) (formatted, *apiError) {
	f, e := parseFormatted(r.get("caption"), r.get("parse_mode"))
	if e == nil && utf16Len(f.plain) > maxCaptionLen {
		return formatted{}, badRequest("message caption is too long")
	}
	return f, e
}

func (s *Server) sendMessage(r *request) (any, *apiError) {
	chatID, e := r.chatID()
	if e != nil {
		return nil, e
	}
	text, e := messageText(r)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(r.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.prepareSendLocked(r, chatID)
	if e != nil {
		return nil, e
	}
	m.Text, m.Entities = text.plain, text.entities
	rec := Sent{Method: "sendMessage", Text: text.raw, PlainText: text.plain, ParseMode: text.mode}
	return s.commitLocked(r, m, mk, rec), nil
}

// prepareSendLocked checks that the bot may write to chatID and allocates
// the new message, resolving reply_to_message_id.
func (s *Server) prepareSendLocked(r *request, chatID int64) (*messageJSON, *apiError) {
	if s.blocked[chatID] {
		return nil, errBlocked
	}
	replyID, _, e := r.int64("reply_to_message_id")
	if e != nil {
		return nil, e
	}
	var reply *messageJSON
	if replyID != 0 {
		st, ok := s.messages[msgKey{chatID, replyID}]
		if !ok && !r.bool("allow_sending_without_reply") {
			return nil, badRequest("message to be replied not found")
		}
		if ok {
			snap := st.msg
			snap.ReplyToMessage = nil
			reply = &snap
		}
	}
	bot := s.botUser()
	m := s.newMessageLocked(s.chatLocked(chatID), &bot)
	m.ReplyToMessage = reply
	return m, nil
}

// chatLocked returns the chat object for chatID, synthesizing one for
// chats no update has mentioned yet.
func (s *Server) chatLocked(chatID int64) chatJSON {
	if c, ok := s.chats[chatID]; ok {
		return c
	}
	c := chatJSON{ID: chatID, Type: chatType(chatID)}
	if c.Type != "private" {
		c.Title = "Test chat"
	}
	return c
}

// commitLocked stores a new bot message and records the send.
func (s *Server) commitLocked(r *request, m *messageJSON, mk markup, rec Sent) *messageJSON {
	m.ReplyMarkup = mk.inline
	s.messages[msgKey{m.Chat.ID, m.MessageID}] = &storedMessage{msg: *m, fromBot: true, markup: mk.inline}
	rec.ChatID, rec.MessageID = m.Chat.ID, m.MessageID
	s.recordLocked(r, rec)
	return m
}

// recordLocked fills the request-derived fields of rec and appends it to
// the sent log.
func (s *Server) recordLocked(r *request, rec Sent) {
	rec.ReplyMarkup = []byte(r.get("reply_markup"))
	if len(rec.ReplyMarkup) == 0 {
		rec.ReplyMarkup = nil
	}
	rec.ReplyToMessageID, _, _ = r.int64("reply_to_message_id")
	rec.DisableWebPagePreview = r.bool("disable_web_page_preview")
	rec.Params = cloneValues(r.params)
	rec.At = s.now()
	s.sent = append(s.sent, rec)
	s.lastSent[rec.ChatID] = len(s.sent) - 1
	s.sentChanged.broadcast()
}

// editTarget resolves chat_id + message_id of an edit. Inline messages are
// not modelled and reported as not found.
func editTarget(r *request) (msgKey, *apiError) {
	if r.get("inline_message_id") != "" {
		return msgKey{}, badRequest("message to edit not found")
	}
	chatID, e := r.chatID()
	if e != nil {
		return msgKey{}, e
	}
	id, ok, e := r.int64("message_id")
	if e != nil {
		return msgKey{}, e
	}
	if !ok || id <= 0 {
		return msgKey{}, badRequest("message identifier is not specified")
	}
	return msgKey{chatID, id}, nil
}

// editableLocked finds a bot message the bot may edit.
func (s *Server) editableLocked(key msgKey) (*storedMessage, *apiError) {
	if s.blocked[key.chat] {
		return nil, errBlocked
	}
	st, ok := s.messages[key]
	switch {
	case !ok:
		return nil, badRequest("message to edit not found")
	case !st.fromBot:
		return nil, badRequest("message can't be edited")
	}
	return st, nil
}

var errNotModified = badRequest("message is not modified: specified new message content and reply markup " +
	"are exactly the same as a current content and reply markup of the message")

func (s *Server) editMessageText(r *request) (any, *apiError) {
	key, e := editTarget(r)
	if e != nil {
		return nil, e
	}
	text, e := messageText(r)
	if e != nil {
		return nil, e
	}
	mk, e := parseInlineMarkup(r.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.editableLocked(key)
	switch {
	case e != nil:
		return nil, e
	case st.msg.Text == "":
		return nil, badRequest("there is no text in the message to edit")
	case st.msg.Text == text.plain && slices.Equal(st.msg.Entities, text.entities) && st.markup == mk.inline:
		return nil, errNotModified
	}
	st.msg.Text, st.msg.Entities = text.plain, text.entities
	rec := Sent{Method: "editMessageText", Text: text.raw, PlainText: text.plain, ParseMode: text.mode}
	return s.commitEditLocked(r, st, mk, rec), nil
}

// editMessageCaption changes the caption of a media message; like
// Telegram it refuses a text message ("there is no caption in the
// message to edit"), as editMessageText refuses a photo.
func (s *Server) editMessageCaption(r *request) (any, *apiError) {
	key, e := editTarget(r)
	if e != nil {
		return nil, e
	}
	capt, e := caption(r)
	if e != nil {
		return nil, e
	}
	mk, e := parseInlineMarkup(r.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.editableLocked(key)
	switch {
	case e != nil:
		return nil, e
	case !hasMedia(st.msg):
		return nil, badRequest("there is no caption in the message to edit")
	case st.msg.Caption == capt.plain && slices.Equal(st.msg.CaptionEntities, capt.entities) && st.markup == mk.inline:
		return nil, errNotModified
	}
	st.msg.Caption, st.msg.CaptionEntities = capt.plain, capt.entities
	rec := Sent{Method: "editMessageCaption", Caption: capt.raw, PlainText: capt.plain, ParseMode: capt.mode}
	return s.commitEditLocked(r, st, mk, rec), nil
}

// hasMedia reports whether m is a media message, which has a caption
// rather than a text.
func hasMedia(m messageJSON) bool {
	return len(m.Photo) > 0 || m.Document != nil || m.Voice != nil
}

func (s *Server) editMessageReplyMarkup(r *request) (any, *apiError) {
	key, e := editTarget(r)
	if e != nil {
		return nil, e
	}
	mk, e := parseInlineMarkup(r.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.editableLocked(key)
	if e != nil {
		return nil, e
	}
	if st.markup == mk.inline {
		return nil, errNotModified
	}
	return s.commitEditLocked(r, st, mk, Sent{Method: "editMessageReplyMarkup"}), nil
}

// commitEditLocked applies the new markup and edit date and records the
// edit. An edit without reply_markup removes the inline keyboard, as in
// Telegram.
func (s *Server) commitEditLocked(r *request, st *storedMessage, mk markup, rec Sent) *messageJSON {
	st.markup = mk.inline
	st.msg.ReplyMarkup = mk.inline
	st.msg.EditDate = s.now().Unix()
	rec.ChatID, rec.MessageID = st.msg.Chat.ID, st.msg.MessageID
	s.recordLocked(r, rec)
	m := st.msg
	return &m
}

// deleteMessage removes a message; it is counted by Calls but not recorded
// in Sent.
func (s *Server) deleteMessage(r *request) (any, *apiError) {
	key, e := editTarget(r)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.messages[key]; !ok {
		return nil, badRequest("message to delete not found")
	}
	delete(s.messages, key)
	return true, nil
}

var chatActions = []string{"typing", "upload_photo", "record_video", "upload_video", "record_voice",
	"upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}

func (s *Server) sendChatAction(r *request) (any, *apiError) {
	chatID, e := r.chatID()
	if e != nil {
		return nil, e
	}
	if !slices.Contains(chatActions, r.get("action")) {
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blocked[chatID] {
		return nil, errBlocked
	}
	return true, nil
}

func (s *Server) answerCallbackQuery(r *request) (any, *apiError) {
	id := r.get("callback_query_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	cb, ok := s.callbacks[id]
	if !ok || cb.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	cb.answered, cb.text = true, r.get("text")
	s.sentChanged.broadcast() // wakes WaitAnswered
	return true, nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// utf16Len is the length of s in UTF-16 code units, the unit Telegram
// measures texts and entity offsets in.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
