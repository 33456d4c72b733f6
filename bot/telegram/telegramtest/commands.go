package telegramtest

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

const (
	maxCommands          = 100
	maxCommandLen        = 32
	maxCommandDescLength = 256
)

// commandKey identifies one command list: a scope key (see Commands) and
// a language code ("" for all languages).
type commandKey struct{ scope, lang string }

func (s *Server) setMyCommands(r *request) (any, *apiError) {
	cmds, e := parseCommands(r.get("commands"))
	if e != nil {
		return nil, e
	}
	key, e := commandKeyOf(r)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	return true, nil
}

// getMyCommands returns the list stored for exactly the given scope and
// language, without falling back to broader ones (as Telegram does).
func (s *Server) getMyCommands(r *request) (any, *apiError) {
	key, e := commandKeyOf(r)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command{}, s.commands[key]...), nil
}

func (s *Server) deleteMyCommands(r *request) (any, *apiError) {
	key, e := commandKeyOf(r)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return true, nil
}

// Commands returns the commands stored by setMyCommands for scopeKey and
// lang ("" = no language_code). scopeKey is "default", "all_private_chats",
// "all_group_chats", "all_chat_administrators", "chat:<chat_id>",
// "chat_administrators:<chat_id>" or "chat_member:<chat_id>:<user_id>".
func (s *Server) Commands(scopeKey, lang string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[commandKey{scopeKey, lang}])
}

func parseCommands(raw string) ([]Command, *apiError) {
	if raw == "" {
		return nil, badRequest(`parameter "commands" is required`)
	}
	var cmds []Command
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > maxCommands {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if e := validateCommand(c); e != nil {
			return nil, e
		}
	}
	return cmds, nil
}

func validateCommand(c Command) *apiError {
	if len(c.Command) == 0 || len(c.Command) > maxCommandLen {
		return badRequest("BOT_COMMAND_INVALID")
	}
	for i := 0; i < len(c.Command); i++ {
		if ch := c.Command[i]; ch != '_' && (ch < 'a' || ch > 'z') && (ch < '0' || ch > '9') {
			return badRequest("BOT_COMMAND_INVALID")
		}
	}
	desc := strings.TrimSpace(c.Description)
	switch {
	case desc == "":
		return badRequest("command description is empty")
	case utf16Len(desc) > maxCommandDescLength:
		return badRequest("command description is too long")
	}
	return nil
}

func commandKeyOf(r *request) (commandKey, *apiError) {
	scope, e := scopeKey(r.get("scope"))
	if e != nil {
		return commandKey{}, e
	}
	lang := r.get("language_code")
	if lang != "" && !isLanguageCode(lang) {
		return commandKey{}, badRequest("invalid language code specified")
	}
	return commandKey{scope, lang}, nil
}

// scopeKey turns a BotCommandScope JSON object into the key format
// documented at Commands.
func scopeKey(raw string) (string, *apiError) {
	if raw == "" {
		return "default", nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", badRequest("can't parse BotCommandScope JSON object")
	}
	chat := strings.Trim(string(sc.ChatID), `"`)
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return sc.Type, nil
	case "chat", "chat_administrators":
		if _, err := strconv.ParseInt(chat, 10, 64); err != nil && !strings.HasPrefix(chat, "@") {
			return "", badRequest("chat not found")
		}
		return sc.Type + ":" + chat, nil
	case "chat_member":
		if _, err := strconv.ParseInt(chat, 10, 64); err != nil || sc.UserID == 0 {
			return "", badRequest("chat not found")
		}
		return sc.Type + ":" + chat + ":" + strconv.FormatInt(sc.UserID, 10), nil
	}
	return "", badRequest("wrong BotCommandScope type specified")
}

// isLanguageCode reports whether s is a two-letter ISO 639-1 code.
func isLanguageCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}
