package telegramtest

import (
	"encoding/json"
	"net/url"
)

// Button is one keyboard button of a recorded send, from either an inline
// keyboard (CallbackData, URL) or a reply keyboard (RequestContact).
type Button struct {
	Text           string
	CallbackData   string
	URL            string
	RequestContact bool
}

type markupKind int

const (
	noMarkup markupKind = iota
	inlineMarkup
	replyKeyboardMarkup
	removeKeyboardMarkup
	forceReplyMarkup
)

// markup is a validated reply_markup parameter.
type markup struct {
	kind markupKind
	// inline is the canonical JSON of a non-empty inline keyboard, which
	// becomes the message's reply_markup; "" otherwise.
	inline jsonText
}

var errMarkupJSON = badRequest("can't parse reply keyboard markup JSON object")

// inlineActions are the optional InlineKeyboardButton fields of which
// exactly one must be present.
var inlineActions = []string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
	"callback_game", "pay"}

// parseMarkup validates any of the four reply markup kinds.
func parseMarkup(raw string) (markup, *apiError) {
	if raw == "" {
		return markup{}, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
		return markup{}, errMarkupJSON
	}
	switch {
	case present(obj, "inline_keyboard"):
		return parseInlineKeyboard(obj["inline_keyboard"])
	case present(obj, "keyboard"):
		var rows [][]json.RawMessage
		if json.Unmarshal(obj["keyboard"], &rows) != nil || !validReplyKeyboard(rows) {
			return markup{}, errMarkupJSON
		}
		return markup{kind: replyKeyboardMarkup}, nil
	case present(obj, "remove_keyboard"):
		return markup{kind: removeKeyboardMarkup}, nil
	case present(obj, "force_reply"):
		return markup{kind: forceReplyMarkup}, nil
	}
	return markup{}, errMarkupJSON
}

// parseInlineMarkup validates the reply_markup of an edit, which must be
// an inline keyboard if present.
func parseInlineMarkup(raw string) (markup, *apiError) {
	mk, e := parseMarkup(raw)
	if e == nil && mk.kind != noMarkup && mk.kind != inlineMarkup {
		return markup{}, badRequest("inline keyboard expected")
	}
	return mk, e
}

func present(obj map[string]json.RawMessage, key string) bool {
	v, ok := obj[key]
	return ok && string(v) != "null"
}

func parseInlineKeyboard(raw json.RawMessage) (markup, *apiError) {
	var rows [][]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return markup{}, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`)
	}
	n := 0
	for _, row := range rows {
		for _, b := range row {
			if e := validateInlineButton(b); e != nil {
				return markup{}, e
			}
			n++
		}
	}
	if n == 0 {
		return markup{kind: inlineMarkup}, nil
	}
	// Round-tripping through any sorts object keys and drops whitespace,
	// so equal keyboards get equal canonical forms.
	var v any
	_ = json.Unmarshal(raw, &v)
	canon, err := json.Marshal(map[string]any{"inline_keyboard": v})
	if err != nil {
		return markup{}, errMarkupJSON
	}
	return markup{kind: inlineMarkup, inline: jsonText(canon)}, nil
}

func validateInlineButton(b map[string]json.RawMessage) *apiError {
	var text string
	if b == nil || json.Unmarshal(b["text"], &text) != nil {
		return badRequest(`can't parse inline keyboard button: Field "text" must be of type String`)
	}
	if text == "" {
		return badRequest("can't parse inline keyboard button: Text must be non-empty")
	}
	actions := 0
	for _, k := range inlineActions {
		if present(b, k) {
			actions++
		}
	}
	switch {
	case actions == 0:
		return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	case actions > 1:
		return badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
	case present(b, "callback_data"):
		var data string
		if json.Unmarshal(b["callback_data"], &data) != nil || len(data) == 0 || len(data) > 64 {
			return badRequest("BUTTON_DATA_INVALID")
		}
	case present(b, "url"):
		var u string
		if json.Unmarshal(b["url"], &u) != nil || !validButtonURL(u) {
			return badRequest("inline keyboard button URL '%s' is invalid: Wrong HTTP URL", u)
		}
	}
	return nil
}

func validButtonURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "tg":
		return true
	}
	return false
}

// validReplyKeyboard checks that every KeyboardButton is a string or an
// object with a non-empty text.
func validReplyKeyboard(rows [][]json.RawMessage) bool {
	for _, row := range rows {
		for _, raw := range row {
			if b, ok := parseKeyboardButton(raw); !ok || b.Text == "" {
				return false
			}
		}
	}
	return true
}

func parseKeyboardButton(raw json.RawMessage) (Button, bool) {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return Button{Text: text}, true
	}
	var obj struct {
		Text           *string `json:"text"`
		RequestContact bool    `json:"request_contact"`
	}
	if json.Unmarshal(raw, &obj) != nil || obj.Text == nil {
		return Button{}, false
	}
	return Button{Text: *obj.Text, RequestContact: obj.RequestContact}, true
}

// parseButtons extracts the buttons of a reply_markup, inline keyboard
// first, reply keyboard otherwise. It is lenient: unparsable parts are
// skipped.
func parseButtons(raw []byte) [][]Button {
	var mk struct {
		Inline [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
			URL          string `json:"url"`
		} `json:"inline_keyboard"`
		Keyboard [][]json.RawMessage `json:"keyboard"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &mk) != nil {
		return nil
	}
	var out [][]Button
	for _, row := range mk.Inline {
		btns := make([]Button, 0, len(row))
		for _, b := range row {
			btns = append(btns, Button{Text: b.Text, CallbackData: b.CallbackData, URL: b.URL})
		}
		out = append(out, btns)
	}
	if out != nil {
		return out
	}
	for _, row := range mk.Keyboard {
		btns := make([]Button, 0, len(row))
		for _, raw := range row {
			if b, ok := parseKeyboardButton(raw); ok {
				btns = append(btns, b)
			}
		}
		out = append(out, btns)
	}
	return out
}
