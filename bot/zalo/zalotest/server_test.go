package zalotest

import (
	"bytes"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestGetMe(t *testing.T) {
	s := start(t)
	var me meJSON
	wantOK(t, call(t, s, "getMe", nil), &me)
	if want := (meJSON{ID: DefaultBotID, AccountName: DefaultAccountName, AccountType: "BASIC"}); me != want {
		t.Errorf("getMe = %+v, want %+v", me, want)
	}
	if !strings.Contains(call(t, s, "getMe", nil).Raw, `"can_join_groups":false`) {
		t.Error("can_join_groups is missing")
	}
	if got := s.Calls("getMe"); got != 2 {
		t.Errorf("Calls = %d, want 2", got)
	}
}

func TestWrongTokenUnknownMethodAndPath(t *testing.T) {
	s := start(t)
	r := do(t, s.URL()+"/bot1:wrong/getMe", "application/json", nil)
	wantError(t, r, http.StatusUnauthorized)
	if r.Description != "Unauthorized" {
		t.Errorf("description = %q", r.Description)
	}
	for _, m := range []string{"getme", "sendDocument", "editMessageText"} {
		wantError(t, call(t, s, m, nil), http.StatusNotFound) // method names are case-sensitive
	}
	wantError(t, do(t, s.URL()+"/nope", "", nil), http.StatusNotFound)
}

func TestGetUpdatesHandsOutOneUpdateAndForgetsIt(t *testing.T) {
	s := start(t)
	first := s.PushText("u1", "Lan", "một")
	s.PushText("u2", "Minh", "hai")
	var ev Event
	wantOK(t, call(t, s, "getUpdates", map[string]any{"timeout": "30"}), &ev)
	if ev.EventName != EventText || ev.Message.MessageID != first || ev.Message.Text != "một" {
		t.Errorf("update = %+v", ev)
	}
	if len(ev.Message.MessageID) != 20 || ev.Message.Date < time.Now().Add(-time.Minute).UnixMilli() {
		t.Errorf("message_id %q, date %d: want 20 hex characters and milliseconds", ev.Message.MessageID, ev.Message.Date)
	}
	wantOK(t, callForm(t, s, "getUpdates", url.Values{"timeout": {"1"}}), &ev) // form parameters too
	if ev.Message.Text != "hai" || s.Pending() != 0 {
		t.Errorf("second update = %+v, pending %d", ev, s.Pending())
	}
}

func TestIdleGetUpdatesAnswers408(t *testing.T) {
	s := start(t)
	for _, timeout := range []any{0, "0", "0.05"} {
		r := call(t, s, "getUpdates", map[string]any{"timeout": timeout})
		wantError(t, r, http.StatusRequestTimeout)
		if r.Description != "Request timeout" {
			t.Errorf("description = %q", r.Description)
		}
	}
	wantError(t, call(t, s, "getUpdates", map[string]any{"timeout": "soon"}), http.StatusBadRequest)
	s.SetMaxPollWait(10 * time.Millisecond)
	start := time.Now()
	wantError(t, call(t, s, "getUpdates", map[string]any{"timeout": 30}), http.StatusRequestTimeout)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a capped poll took %v", d)
	}
}

func TestParkedGetUpdatesWakesOnPushAndOnClose(t *testing.T) {
	s := New()
	got := make(chan reply, 2)
	go func() { got <- call(t, s, "getUpdates", map[string]any{"timeout": 30}) }()
	if err := s.WaitPolling(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	id := s.PushSticker("u1", "Lan")
	var ev Event
	wantOK(t, <-got, &ev)
	if ev.EventName != EventSticker || ev.Message.MessageID != id || ev.Message.Sticker == "" {
		t.Errorf("update = %+v", ev)
	}
	go func() { got <- call(t, s, "getUpdates", map[string]any{"timeout": 30}) }()
	if err := s.WaitPolling(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	wantError(t, <-got, http.StatusRequestTimeout)
}

func TestPushHelpersBuildTheDocumentedShapes(t *testing.T) {
	s := start(t)
	s.PushPhoto("u1", "Lan", "cap", "https://cdn/x", false)
	s.PushPhoto("u1", "Lan", "", "https://cdn/y", true)
	s.PushGroupText("g1", "u1", "Lan", "@bot")
	s.PushUnsupported("u2", "Minh")
	s.PushEvent(map[string]any{"event_name": "user.follow"})
	s.PushEvent([]byte(`{"event_name":"raw"}`))
	var evs []Event
	for range 6 {
		var ev Event
		wantOK(t, call(t, s, "getUpdates", map[string]any{"timeout": 0}), &ev)
		evs = append(evs, ev)
	}
	if m := evs[0].Message; m.PhotoURL != "https://cdn/x" || m.Photo != "" || m.MessageType != "CHAT_PHOTO" || m.Caption != "cap" {
		t.Errorf("live photo = %+v", m)
	}
	if m := evs[1].Message; m.Photo != "https://cdn/y" || m.PhotoURL != "" {
		t.Errorf("documented photo = %+v", m)
	}
	if c := evs[2].Message.Chat; c.ID != "g1" || c.ChatType != "GROUP" {
		t.Errorf("group chat = %+v", c)
	}
	if m := evs[3].Message; evs[3].EventName != EventUnsupported || m.Text != "" || m.From.ID != "u2" {
		t.Errorf("unsupported = %+v", evs[3])
	}
	if evs[4].EventName != "user.follow" || evs[5].EventName != "raw" {
		t.Errorf("raw events = %+v", evs[4:])
	}
}

func TestSendMessageCountsUTF16AndRecords(t *testing.T) {
	s := start(t)
	tests := []struct {
		name   string
		params map[string]any
		status int
	}{
		{"ok", map[string]any{"chat_id": "u1", "text": "xin chào"}, 200},
		{"2000 units of emoji", map[string]any{"chat_id": "u1", "text": strings.Repeat("😀", 1000)}, 200},
		{"2002 units of emoji", map[string]any{"chat_id": "u1", "text": strings.Repeat("😀", 1001)}, 400},
		{"2001 letters", map[string]any{"chat_id": "u1", "text": strings.Repeat("ă", 2001)}, 400},
		{"empty text", map[string]any{"chat_id": "u1", "text": ""}, 400},
		{"no chat", map[string]any{"text": "x"}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, s, "sendMessage", tt.params)
			if tt.status != 200 {
				wantError(t, r, tt.status)
				return
			}
			var res sendResultJSON
			wantOK(t, r, &res)
			if len(res.MessageID) != 20 || res.Date == 0 {
				t.Errorf("result = %+v", res)
			}
		})
	}
	sent := s.SentTo("u1")
	if len(sent) != 2 || sent[0].Text != "xin chào" || sent[0].Method != "sendMessage" {
		t.Errorf("SentTo = %+v", sent)
	}
}

func TestSendPhotoAndChatAction(t *testing.T) {
	s := start(t)
	wantOK(t, call(t, s, "sendPhoto", map[string]any{"chat_id": "u1", "photo": "https://cdn/p.jpg", "caption": "ảnh"}), nil)
	wantError(t, call(t, s, "sendPhoto", map[string]any{"chat_id": "u1", "photo": "AgACAgIAAxk"}), 400)
	wantError(t, call(t, s, "sendPhoto", map[string]any{"chat_id": "u1", "photo": "https://cdn/p.jpg",
		"caption": strings.Repeat("a", 2001)}), 400)
	if sent := s.Sent(); len(sent) != 1 || sent[0].Photo != "https://cdn/p.jpg" || sent[0].Text != "ảnh" {
		t.Errorf("Sent = %+v", sent)
	}
	r := call(t, s, "sendChatAction", map[string]any{"chat_id": "u1", "action": "typing"})
	wantOK(t, r, nil)
	if strings.Contains(r.Raw, "result") {
		t.Errorf("sendChatAction = %s, want no result", r.Raw)
	}
	wantError(t, call(t, s, "sendChatAction", map[string]any{"chat_id": "u1", "action": "dancing"}), 400)
}

func TestFaultsBlocksAndRateLimit(t *testing.T) {
	s := start(t)
	msg := map[string]any{"chat_id": "u1", "text": "x"}
	s.FailNext("sendMessage", 1, QuotaExceeded())
	s.FailLater("sendMessage", 1, 1, ServerError(503))
	r := call(t, s, "sendMessage", msg)
	wantError(t, r, 429)
	if r.Description != "Quota exceeded" {
		t.Errorf("description = %q", r.Description)
	}
	wantOK(t, call(t, s, "sendMessage", msg), nil)
	wantError(t, call(t, s, "sendMessage", msg), 503)
	wantOK(t, call(t, s, "sendMessage", msg), nil)

	s.FailNext("", 1, NonJSON(502))
	if r := call(t, s, "getMe", nil); r.Status != 502 || !strings.HasPrefix(r.Raw, "<html>") {
		t.Errorf("non-JSON fault = %d %s", r.Status, r.Raw)
	}
	s.Block("u1")
	wantError(t, call(t, s, "sendMessage", msg), 403)
	s.Unblock("u1")
	s.SetRateLimit(2)
	wantOK(t, call(t, s, "sendMessage", msg), nil)
	wantOK(t, call(t, s, "sendMessage", msg), nil)
	wantError(t, call(t, s, "sendMessage", msg), 429)
	wantOK(t, call(t, s, "getMe", nil), nil) // not a send: not limited
}

func TestImageURLServesBytes(t *testing.T) {
	s := start(t)
	u := s.ImageURL("a b", PNG())
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if _, err := png.Decode(bytes.NewReader(data)); err != nil || resp.StatusCode != 200 {
		t.Errorf("GET %s: %d, decode: %v", u, resp.StatusCode, err)
	}
	if resp, err := http.Get(s.URL() + "/files/none"); err != nil || resp.StatusCode != 404 {
		t.Errorf("unknown image: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}
