package telegramtest

import (
	"encoding/json"
	"fmt"
	"mime"
	"path"
	"strconv"
)

// callbackIDBase makes callback query ids look like Telegram's long
// numeric strings.
const callbackIDBase = 4_000_000_000_000_000_000

// pushUpdate assigns the next update_id, lets fill complete the update
// under the server mutex and queues the result.
func (s *Server) pushUpdate(fill func(u *updateJSON)) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := updateJSON{UpdateID: s.nextUpdateID}
	s.nextUpdateID++
	fill(&u)
	raw, err := json.Marshal(u)
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error())
	}
	s.enqueueLocked(u.UpdateID, raw)
	return u.UpdateID
}

func (s *Server) enqueueLocked(id int64, raw json.RawMessage) {
	s.pending = append(s.pending, pendingUpdate{id: id, raw: raw})
	s.updatesChanged.broadcast()
}

// PushRaw queues an arbitrary update. raw must be a JSON object; its
// update_id field is set (or overwritten) by the server. It panics if raw
// is not a JSON object.
func (s *Server) PushRaw(raw json.RawMessage) int64 {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		panic(fmt.Sprintf("telegramtest: PushRaw needs a JSON object: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextUpdateID
	s.nextUpdateID++
	obj["update_id"] = json.RawMessage(strconv.FormatInt(id, 10))
	body, err := json.Marshal(obj)
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error())
	}
	s.enqueueLocked(id, body)
	return id
}

// PushMessage queues a text message from a user in the private chat with
// the bot (chat id = from.ID) and returns its update_id. A text starting
// with "/" carries a bot_command entity, as Telegram adds one.
func (s *Server) PushMessage(from User, text string) int64 {
	return s.PushMessageInChat(Chat{ID: from.ID, Type: "private"}, from, text)
}

// PushMessageInChat is PushMessage for an arbitrary chat (group etc.).
func (s *Server) PushMessageInChat(chat Chat, from User, text string) int64 {
	return s.pushUserMessage(chat, from, func(m *messageJSON) {
		m.Text = text
		m.Entities = commandEntities(text)
	})
}

// PushPhoto queues a photo message in the private chat. The photo array
// has three sizes, smallest first; the largest carries fileID and
// fileUniqueID, the smaller ones derived ids. A fileID that has no bytes
// yet (see SetFile) gets DefaultPhoto(fileID), so that getFile serves
// every pushed photo; PushPhotoBytes pushes a photo of given bytes.
func (s *Server) PushPhoto(from User, caption, fileID, fileUniqueID string) int64 {
	return s.pushUserMessage(privateChat(from), from, func(m *messageJSON) {
		if _, ok := s.files[fileID]; !ok {
			s.storePhotoLocked(fileID, fileUniqueID, DefaultPhoto(fileID))
		}
		m.Photo = photoSizes(fileID, fileUniqueID)
		m.Caption = caption
	})
}

// PushDocument queues a document message in the private chat, with the
// MIME type guessed from fileName's extension.
func (s *Server) PushDocument(from User, caption, fileName, fileID string) int64 {
	return s.pushUserMessage(privateChat(from), from, func(m *messageJSON) {
		m.Document = &documentJSON{
			FileID:       fileID,
			FileUniqueID: uniqueIDFor(fileID),
			FileName:     fileName,
			MimeType:     mime.TypeByExtension(path.Ext(fileName)),
			FileSize:     4096,
		}
		m.Caption = caption
	})
}

// PushContact queues the user's own contact, as sent by a keyboard button
// with request_contact.
func (s *Server) PushContact(from User, phone string) int64 {
	return s.pushUserMessage(privateChat(from), from, func(m *messageJSON) {
		m.Contact = &contactJSON{
			PhoneNumber: phone,
			FirstName:   from.FirstName,
			LastName:    from.LastName,
			UserID:      from.ID,
		}
	})
}

// PushSticker queues a (static) sticker message in the private chat.
func (s *Server) PushSticker(from User) int64 {
	return s.pushUserMessage(privateChat(from), from, func(m *messageJSON) {
		id := s.newFileIDLocked("CAACAgIAAxkBAAI")
		m.Sticker = &stickerJSON{FileID: id, FileUniqueID: uniqueIDFor(id), Type: "regular",
			Width: 512, Height: 512, Emoji: "😀"}
	})
}

// PushVoice queues a voice message in the private chat.
func (s *Server) PushVoice(from User) int64 {
	return s.pushUserMessage(privateChat(from), from, func(m *messageJSON) {
		id := s.newFileIDLocked("AwACAgIAAxkBAAI")
		m.Voice = &voiceJSON{FileID: id, FileUniqueID: uniqueIDFor(id), Duration: 3,
			MimeType: "audio/ogg", FileSize: 9000}
	})
}

// PushCallback queues a callback query, as produced when from presses an
// inline button with callback data data under the bot's message messageID
// in the private chat. It returns the update_id; see PushCallbackQuery for
// the query id.
func (s *Server) PushCallback(from User, messageID int64, data string) int64 {
	id, _ := s.PushCallbackQuery(from, messageID, data)
	return id
}

// PushCallbackQuery is PushCallback that also returns the fresh callback
// query id, which answerCallbackQuery accepts exactly once. The query's
// message is the fake's current copy of the bot message (text and reply
// markup included) when the fake knows it, and is omitted otherwise.
func (s *Server) PushCallbackQuery(from User, messageID int64, data string) (updateID int64, queryID string) {
	updateID = s.pushUpdate(func(u *updateJSON) {
		chat := s.registerChatLocked(privateChat(from), from)
		s.nextCallback++
		queryID = strconv.FormatInt(callbackIDBase+s.nextCallback, 10)
		s.callbacks[queryID] = &callbackState{}
		cb := &callbackJSON{
			ID:           queryID,
			From:         from.json(),
			ChatInstance: strconv.FormatInt(chat.ID^0x5deece66d, 10),
			Data:         data,
		}
		if st, ok := s.messages[msgKey{chat.ID, messageID}]; ok {
			m := st.msg
			cb.Message = &m
		}
		u.CallbackQuery = cb
	})
	return updateID, queryID
}

// pushUserMessage queues a message from a user; fill sets its content.
func (s *Server) pushUserMessage(chat Chat, from User, fill func(m *messageJSON)) int64 {
	return s.pushUpdate(func(u *updateJSON) {
		c := s.registerChatLocked(chat, from)
		sender := from.json()
		m := s.newMessageLocked(c, &sender)
		fill(m)
		s.messages[msgKey{c.ID, m.MessageID}] = &storedMessage{msg: *m}
		u.Message = m
	})
}

// registerChatLocked remembers a chat seen in an update so that replies
// to it carry the same chat object.
func (s *Server) registerChatLocked(chat Chat, from User) chatJSON {
	typ := chat.Type
	if typ == "" {
		typ = chatType(chat.ID)
	}
	c := chatJSON{ID: chat.ID, Type: typ, Title: chat.Title}
	if typ == "private" {
		c = chatJSON{ID: chat.ID, Type: typ, Username: from.Username,
			FirstName: from.FirstName, LastName: from.LastName}
	}
	s.chats[c.ID] = c
	return c
}

// newMessageLocked allocates the next message id in chat; user and bot
// messages share the per-chat counter, as in Telegram.
func (s *Server) newMessageLocked(chat chatJSON, from *userJSON) *messageJSON {
	s.lastMessageID[chat.ID]++
	return &messageJSON{
		MessageID: s.lastMessageID[chat.ID],
		From:      from,
		Chat:      chat,
		Date:      s.now().Unix(),
	}
}

func (s *Server) newFileIDLocked(prefix string) string {
	s.nextFile++
	return fmt.Sprintf("%s%08d", prefix, s.nextFile)
}

func privateChat(u User) Chat { return Chat{ID: u.ID, Type: "private"} }

func uniqueIDFor(fileID string) string { return "AQAD" + fileID }

// photoSizes builds the three sizes Telegram stores for a photo.
func photoSizes(fileID, uniqueID string) []photoSizeJSON {
	return []photoSizeJSON{
		{FileID: fileID + "-s", FileUniqueID: uniqueID + "-s", Width: 90, Height: 68, FileSize: 1500},
		{FileID: fileID + "-m", FileUniqueID: uniqueID + "-m", Width: 320, Height: 240, FileSize: 18000},
		{FileID: fileID, FileUniqueID: uniqueID, Width: 1280, Height: 960, FileSize: 130000},
	}
}

// commandEntities returns the bot_command entity of a text starting with
// "/command" or "/command@bot".
func commandEntities(text string) []entityJSON {
	if len(text) < 2 || text[0] != '/' {
		return nil
	}
	n := 1 + wordLen(text[1:])
	if n == 1 || n > 33 {
		return nil
	}
	if n < len(text) && text[n] == '@' {
		if u := wordLen(text[n+1:]); u > 0 {
			n += 1 + u
		}
	}
	return []entityJSON{{Type: "bot_command", Offset: 0, Length: n}}
}

// wordLen is the length of the leading [A-Za-z0-9_] run of s.
func wordLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return i
		}
	}
	return len(s)
}
