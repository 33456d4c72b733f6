package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// memMenus is a MenuStore in memory, numbering as storage does.
type memMenus struct {
	mu    sync.Mutex
	menus map[string][]memMenu // by platform/chat
}

type memMenu struct {
	carrier  string
	first    int
	reply    bool
	standing bool
	choices  []Button
}

func (m *memMenus) SetMenu(_ context.Context, platform, chatID, carrier, replaces string, reply, standing bool, choices []Button) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.menus == nil {
		m.menus = map[string][]memMenu{}
	}
	key := platform + "/" + chatID
	for _, x := range m.menus[key] {
		if replaces != "" && x.carrier == replaces && x.standing {
			standing = true // an edit of a standing message stands too
		}
	}
	var kept []memMenu
	first := 1
	for _, x := range m.menus[key] {
		if x.carrier != carrier && x.carrier != replaces && (standing || x.standing) {
			kept = append(kept, x)
			first = max(first, x.first+len(x.choices))
		}
	}
	m.menus[key] = append(kept, memMenu{carrier, first, reply, standing, choices})
	return first, nil
}

func (m *memMenus) RenameMenu(_ context.Context, platform, chatID, from, to string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.menus[platform+"/"+chatID] {
		if x.carrier == from {
			m.menus[platform+"/"+chatID][i].carrier = to
		}
	}
	return nil
}

func (m *memMenus) ClearMenu(_ context.Context, platform, chatID, carrier string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.menus == nil {
		return nil
	}
	var kept []memMenu
	for _, x := range m.menus[platform+"/"+chatID] {
		if !(x.carrier == carrier || (carrier == "" && x.reply)) {
			kept = append(kept, x)
		}
	}
	m.menus[platform+"/"+chatID] = kept
	return nil
}

func (m *memMenus) Chosen(_ context.Context, platform, chatID string, n int) (string, Button, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.menus[platform+"/"+chatID] {
		if n >= x.first && n < x.first+len(x.choices) {
			return x.carrier, x.choices[n-x.first], true, nil
		}
	}
	return "", Button{}, false, nil
}

// count is how many menus chat has.
func (m *memMenus) count(chatID string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.menus["zalo/"+chatID])
}

// recorder is a Sender that keeps what it is given and names messages m1, m2...
type recorder struct{ sent []Outgoing }

func (r *recorder) Send(_ context.Context, m Outgoing) (string, error) {
	r.sent = append(r.sent, m)
	return fmt.Sprintf("m%d", len(r.sent)), nil
}

type shapeTexts struct{}

func (shapeTexts) Text(lang, key string, args ...any) string {
	return "[" + key + fmt.Sprintf("%v", args) + "]"
}

type memMedia map[string][]byte

func (m memMedia) Media(_ context.Context, hash string) ([]byte, error) { return m[hash], nil }

func newShaper(caps Caps) (*Shaper, *recorder, *memMenus) {
	rec, menus := &recorder{}, &memMenus{}
	return &Shaper{Platform: "zalo", Caps: caps, Sender: rec, Menus: menus, Texts: shapeTexts{},
		Media: memMedia{"abc": []byte("png")}}, rec, menus
}

var zaloLike = Caps{PhotoURL: true, TextLimit: 2000}

func TestShaperTurnsButtonsIntoANumberedMenu(t *testing.T) {
	s, rec, menus := newShaper(zaloLike)
	kb := Inline(
		Row(Button{Text: "Khỏe", Data: "ck:well"}, Button{Text: "<Ho>", Data: "ck:cough"}),
		Row(Button{Text: "📱 Số của tôi", Contact: true}),
		Row(Button{Text: "Trang phường", URL: "https://example.org"}),
	)
	id, err := s.Send(context.Background(), Outgoing{Kind: OutSend, ChatID: "u1", Text: "<b>Sức khỏe?</b>", Keyboard: kb})
	if err != nil || id != "m1" {
		t.Fatalf("send: %q, %v", id, err)
	}
	got := rec.sent[0].Text
	for _, want := range []string{"<b>Sức khỏe?</b>", "1. Khỏe", "2. &lt;Ho&gt;", "Trang phường: https://example.org", "[bot.menu_hint_few[1 2]]"} {
		if !strings.Contains(got, want) {
			t.Errorf("text lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Số của tôi") {
		t.Errorf("a contact button was offered where there is none:\n%s", got)
	}
	carrier, b, ok, _ := menus.Chosen(context.Background(), "zalo", "u1", 2)
	if !ok || carrier != "m1" || b.Data != "ck:cough" {
		t.Errorf("choice 2 kept: %v %q %+v", ok, carrier, b)
	}

	t.Run("a number typed becomes the press of that button, on the message that carried it", func(t *testing.T) {
		e := &Engine{Menus: menus}
		got, err := e.chosen(context.Background(), Update{Kind: KindMessage, Platform: "zalo", Chat: Chat{ID: "u1"}, Text: " 2. "})
		if err != nil || got.Kind != KindCallback || got.Callback.Data != "ck:cough" || got.MessageID != "m1" || got.Text != "" {
			t.Errorf("got %+v, %v", got, err)
		}
		for _, text := range []string{"3", "0", "hai", "12345", ""} {
			got, _ := e.chosen(context.Background(), Update{Kind: KindMessage, Platform: "zalo", Chat: Chat{ID: "u1"}, Text: text})
			if got.Kind != KindMessage || got.Text != text {
				t.Errorf("%q was read as a choice: %+v", text, got)
			}
		}
	})
	t.Run("a notice with choices (a ticket) numbers them on; each number keeps its message", func(t *testing.T) {
		second := Inline(Row(Button{Text: "Tiếp nhận", Data: "hc:2"}), Row(Button{Text: "Bỏ qua", Data: "hx:2"}))
		_, _ = s.Send(context.Background(), Outgoing{Kind: OutSend, ChatID: "u1", Text: "Ticket 2", Keyboard: second, ResidentID: 9})
		if got := rec.sent[len(rec.sent)-1].Text; !strings.Contains(got, "3. Tiếp nhận") || !strings.Contains(got, "4. Bỏ qua") ||
			!strings.Contains(got, "[bot.menu_hint_few[3 4]]") {
			t.Errorf("the second menu is not numbered on:\n%s", got)
		}
		if c, b, _, _ := menus.Chosen(context.Background(), "zalo", "u1", 1); c != "m1" || b.Data != "ck:well" {
			t.Errorf("choice 1 lost its message: %q %+v", c, b)
		}
		if c, b, _, _ := menus.Chosen(context.Background(), "zalo", "u1", 3); c != "m2" || b.Data != "hc:2" {
			t.Errorf("choice 3: %q %+v", c, b)
		}
	})
	t.Run("a reply's menu replaces the chat's older replies' menus, not the notices'", func(t *testing.T) {
		third := Inline(Row(Button{Text: "Có", Data: "y"}))
		_, _ = s.Send(context.Background(), Outgoing{Kind: OutSend, ChatID: "u2", Text: "q1", Keyboard: third})
		_, _ = s.Send(context.Background(), Outgoing{Kind: OutSend, ChatID: "u2", Text: "q2", Keyboard: third})
		if got := rec.sent[len(rec.sent)-1].Text; !strings.Contains(got, "1. Có") {
			t.Errorf("a reply after a reply is not numbered from 1:\n%s", got)
		}
		if menus.count("u2") != 1 {
			t.Errorf("%d menus in a chat of two replies, want 1", menus.count("u2"))
		}
	})
	t.Run("an edit of the carrier replaces its menu; one without buttons forgets it", func(t *testing.T) {
		next := Inline(Row(Button{Text: "Có", Data: "y"}))
		_, _ = s.Send(context.Background(), Outgoing{Kind: OutEdit, ChatID: "u1", MessageID: "m2", Text: "step 2", Keyboard: next})
		if menus.count("u1") != 2 {
			t.Errorf("an edit added a menu instead of replacing one: %d menus", menus.count("u1"))
		}
		_, _ = s.Send(context.Background(), Outgoing{Kind: OutEdit, ChatID: "u1", MessageID: "m1", Text: "done", Keyboard: &Keyboard{}})
		if _, _, ok, _ := menus.Chosen(context.Background(), "zalo", "u1", 1); ok {
			t.Errorf("menu kept after its message lost its buttons")
		}
		if menus.count("u1") != 1 {
			t.Errorf("%d menus left, want the other message's", menus.count("u1"))
		}
	})
}

func TestShaperReplyKeyboardChoiceSendsItsText(t *testing.T) {
	s, rec, menus := newShaper(zaloLike)
	kb := &Keyboard{Reply: true, Rows: [][]Button{{{Text: "Bỏ qua"}}}}
	if _, err := s.Send(context.Background(), Outgoing{Kind: OutSend, ChatID: "u1", Text: "Số?", Keyboard: kb}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.sent[0].Text, "1. Bỏ qua\n[bot.menu_hint_one[1]]") {
		t.Errorf("text: %q", rec.sent[0].Text)
	}
	e := &Engine{Menus: menus}
	got, _ := e.chosen(context.Background(), Update{Kind: KindMessage, Platform: "zalo", Chat: Chat{ID: "u1"}, Text: "1"})
	if got.Kind != KindMessage || got.Text != "Bỏ qua" {
		t.Errorf("got %+v", got)
	}
	_, _ = s.Send(context.Background(), Outgoing{Kind: OutSend, ChatID: "u1", Text: "Xong", Keyboard: &Keyboard{Remove: true}})
	if menus.count("u1") != 0 {
		t.Errorf("a removed reply keyboard left its menu")
	}
}

func TestShaperManyChoicesHintARange(t *testing.T) {
	s, rec, _ := newShaper(zaloLike)
	var rows [][]Button
	for i := range 8 {
		rows = append(rows, Row(Button{Text: fmt.Sprint("unit ", i), Data: fmt.Sprint("u:", i)}))
	}
	_, _ = s.Send(context.Background(), Outgoing{Kind: OutSend, ChatID: "u1", Text: "Chọn", Keyboard: Inline(rows...)})
	if !strings.Contains(rec.sent[0].Text, "8. unit 7\n[bot.menu_hint[1 8]]") {
		t.Errorf("text: %q", rec.sent[0].Text)
	}
}

func TestShaperKinds(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		caps Caps
		in   Outgoing
		want string // kind sent, "" for nothing
		text string // the sent text contains it
	}{
		{"an edit becomes a message", zaloLike, Outgoing{Kind: OutEdit, MessageID: "m1", Text: "đã lưu"}, "send", "đã lưu"},
		{"live progress is dropped", zaloLike, Outgoing{Kind: OutEdit, MessageID: "m1", Text: "50%", EditOnly: true}, "", ""},
		{"an edit stays where edits exist", FullCaps, Outgoing{Kind: OutEdit, MessageID: "m1", Text: "x"}, "edit", "x"},
		{"a silent answer is nothing", zaloLike, Outgoing{Kind: OutAnswer, CallbackID: "c"}, "", ""},
		{"an answer's notice becomes a message", zaloLike, Outgoing{Kind: OutAnswer, CallbackID: "c", Text: "Hết hạn", Alert: true}, "send", "Hết hạn"},
		{"a command menu is nothing", zaloLike, Outgoing{Kind: OutMenu, Commands: []MenuCommand{{Name: "help"}}}, "", ""},
		{"a document becomes its text", zaloLike, Outgoing{Kind: OutDoc, Text: "Dữ liệu", FileName: "a.json", Content: []byte(`{"a":"<b>"}`)},
			"send", "[bot.document_as_text[a.json]]\n\n<pre>{&#34;a&#34;:&#34;&lt;b&gt;&#34;}</pre>"},
		{"a photo of another messenger by public URL", zaloLike, Outgoing{Kind: OutPhoto, Photo: "tg-file", PhotoPlatform: "telegram", Media: "abc", Text: "cap"}, "photo", "cap"},
		{"a photo of another messenger uploaded", FullCaps, Outgoing{Kind: OutPhoto, Photo: "zalo-url", PhotoPlatform: "zalo-other", Media: "abc", Text: "cap"}, "photo", "cap"},
		{"a photo never downloaded is said to be elsewhere", FullCaps, Outgoing{Kind: OutPhoto, Photo: "x", PhotoPlatform: "telegram", Text: "cap"}, "send", "cap\n\n[bot.photo_elsewhere[]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, rec, _ := newShaper(tt.caps)
			s.MediaURL = func(h string) string { return "https://pub.example/media/" + h }
			tt.in.ChatID = "u1"
			if _, err := s.Send(ctx, tt.in); err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(rec.sent) != 0 {
					t.Errorf("sent %+v", rec.sent)
				}
				return
			}
			if len(rec.sent) != 1 || string(rec.sent[0].Kind) != tt.want || !strings.Contains(rec.sent[0].Text, tt.text) {
				t.Fatalf("sent %+v", rec.sent)
			}
		})
	}
	t.Run("photo sources", func(t *testing.T) {
		s, rec, _ := newShaper(zaloLike)
		s.MediaURL = func(h string) string { return "https://pub.example/media/" + h }
		_, _ = s.Send(ctx, Outgoing{Kind: OutPhoto, ChatID: "u", Photo: "tg", PhotoPlatform: "telegram", Media: "abc"})
		if got := rec.sent[0].PhotoURL; got != "https://pub.example/media/abc" {
			t.Errorf("by URL: %q", got)
		}
		s.MediaURL = func(string) string { return "" } // no public URL: its own URL still works
		_, _ = s.Send(ctx, Outgoing{Kind: OutPhoto, ChatID: "u", Photo: "https://zalo.cdn/p.jpg", PhotoPlatform: "zalo"})
		if got := rec.sent[1].PhotoURL; got != "https://zalo.cdn/p.jpg" {
			t.Errorf("own URL: %q", got)
		}
		full, frec, _ := newShaper(FullCaps)
		full.Platform = "telegram"
		_, _ = full.Send(ctx, Outgoing{Kind: OutPhoto, ChatID: "u", Photo: "zalo-url", PhotoPlatform: "zalo", Media: "abc"})
		if got := string(frec.sent[0].Upload); got != "png" {
			t.Errorf("upload: %q", got)
		}
		_, _ = full.Send(ctx, Outgoing{Kind: OutPhoto, ChatID: "u", Photo: "own-id", Media: "abc"})
		if got := frec.sent[1]; got.Photo != "own-id" || got.Upload != nil {
			t.Errorf("own file id: %+v", got)
		}
	})
}

func TestEngineReadsATypedNumberAgainstTheMenu(t *testing.T) {
	menus := &memMenus{}
	_, _ = menus.SetMenu(context.Background(), "zalo", "c1", "m7", "", false, false, []Button{{Text: "A", Data: "a:1"}})
	e := &Engine{Menus: menus}
	u, err := e.chosen(context.Background(), Update{Kind: KindMessage, Platform: "zalo", Chat: Chat{ID: "c1"}, Text: "1"})
	if err != nil || u.Kind != KindCallback || u.Callback.Data != "a:1" || u.MessageID != "m7" {
		t.Errorf("got %+v, %v", u, err)
	}
	u, _ = e.chosen(context.Background(), Update{Kind: KindMessage, Platform: "zalo", Chat: Chat{ID: "c2"}, Text: "1"})
	if u.Kind != KindMessage || u.Text != "1" {
		t.Errorf("another chat's number was read as a choice: %+v", u)
	}
}

// failing is a Sender whose first send fails.
type failing struct {
	recorder
	failed bool
}

func (f *failing) Send(ctx context.Context, m Outgoing) (string, error) {
	if !f.failed {
		f.failed = true
		return "", &PlatformError{Kind: Temporary, Reason: "503"}
	}
	return f.recorder.Send(ctx, m)
}

func TestShaperRetryReplacesItsOwnMenu(t *testing.T) {
	s, _, menus := newShaper(zaloLike)
	s.Sender = &failing{}
	ctx := withOutboxID(context.Background(), 42)
	m := Outgoing{Kind: OutSend, ChatID: "u1", Text: "Ticket", ResidentID: 7, // a standing notice
		Keyboard: Inline(Row(Button{Text: "Tiếp nhận", Data: "hc:1"}))}
	if _, err := s.Send(ctx, m); err == nil {
		t.Fatal("the first send should fail")
	}
	if _, err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	if n := menus.count("u1"); n != 1 {
		t.Errorf("%d menus after a retry of one message, want 1", n)
	}
	if _, b, ok, _ := menus.Chosen(ctx, "zalo", "u1", 1); !ok || b.Data != "hc:1" {
		t.Errorf("the retried message's choice is not number 1: %v %+v", ok, b)
	}
}

func TestCapsFitsCaption(t *testing.T) {
	kb := Inline(Row(Button{Text: "✅ Duyệt", Data: "da:1"}, Button{Text: "🏅 Biểu dương", Data: "dm:1"}))
	tests := []struct {
		label string
		caps  Caps
		text  string
		kb    *Keyboard
		want  bool
	}{
		{"1,024 characters shown fit Telegram", FullCaps, strings.Repeat("a", 1024), kb, true},
		{"1,025 do not", FullCaps, strings.Repeat("a", 1025), kb, false},
		{"tags and entities do not count", FullCaps, "<b>" + strings.Repeat("&amp;", 1000) + `</b><a href="tg://user?id=1">An</a>`, nil, true},
		{"an emoji outside the basic plane counts twice", FullCaps, strings.Repeat("📷", 513), nil, false},
		{"without buttons, the menu written under the text counts", zaloLike, strings.Repeat("a", 2000-40), kb, false},
		{"without buttons and without a menu, the limit is the text's", zaloLike, strings.Repeat("a", 2000), nil, true},
		{"a declared caption limit wins over the text's", Caps{TextLimit: 2000, CaptionLimit: 1900}, strings.Repeat("a", 1901), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := tt.caps.FitsCaption(tt.text, tt.kb); got != tt.want {
				t.Errorf("FitsCaption(%d characters shown) = %v, want %v", VisibleLen(tt.text), got, tt.want)
			}
		})
	}
}

func TestShaperCaptionEdit(t *testing.T) {
	ctx := context.Background()
	kb := Inline(Row(Button{Text: "🏅 Biểu dương", Data: "dm:1"}))
	long := strings.Repeat("<b>Dòng</b> mô tả việc tốt của bà con trong ngõ 12.\n", 40) // 1,840 shown
	tests := []struct {
		label   string
		caps    Caps
		caption bool // the edit is a caption's
		text    string
		kind    OutKind
		cut     bool // the text is cut to the caption's limit, marked "…"
	}{
		{"a caption within the limit is left whole", FullCaps, true, "<b>Kết quả:</b> đã duyệt", OutEdit, false},
		{"a caption over the limit is cut to it", FullCaps, true, long, OutEdit, true},
		{"a long text's edit is not a caption's: left to the adapter", FullCaps, false, long, OutEdit, false},
		{"where messages cannot be edited it is a new text message", zaloLike, true, long, OutSend, false},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			s, rec, _ := newShaper(tt.caps)
			in := Outgoing{Kind: OutEdit, ChatID: "u1", MessageID: "m1", Caption: tt.caption, Text: tt.text, Keyboard: kb}
			if _, err := s.Send(ctx, in); err != nil {
				t.Fatal(err)
			}
			if len(rec.sent) != 1 {
				t.Fatalf("sent %d messages, want 1", len(rec.sent))
			}
			got := rec.sent[0]
			if got.Kind != tt.kind {
				t.Errorf("kind = %s, want %s", got.Kind, tt.kind)
			}
			if got.Kind == OutSend && got.Caption {
				t.Errorf("a new message is marked as a caption's edit")
			}
			if got.Kind == OutEdit && got.Caption != in.Caption {
				t.Errorf("Caption = %v, want %v", got.Caption, in.Caption)
			}
			switch {
			case tt.cut:
				if n := VisibleLen(got.Text); n > tt.caps.CaptionMax() || !strings.HasSuffix(got.Text, "…") ||
					!strings.HasPrefix(got.Text, "<b>Dòng</b> mô tả") {
					t.Errorf("cut caption shows %d characters (limit %d):\n%s", n, tt.caps.CaptionMax(), got.Text)
				}
				if got.Keyboard != kb {
					t.Errorf("the cut caption lost its buttons")
				}
			case tt.kind == OutEdit && got.Text != tt.text:
				t.Errorf("text = %q, want it whole", got.Text)
			}
		})
	}
	t.Run("without buttons, the cut leaves room for the menu", func(t *testing.T) {
		console := Caps{Edits: true, TextLimit: 4096, CaptionLimit: 1024}
		s, rec, _ := newShaper(console)
		if _, err := s.Send(ctx, Outgoing{Kind: OutEdit, ChatID: "u1", MessageID: "m1", Caption: true, Text: long, Keyboard: kb}); err != nil {
			t.Fatal(err)
		}
		got := rec.sent[0]
		if n := VisibleLen(got.Text); n > 1024 || !strings.Contains(got.Text, "…") || !strings.Contains(got.Text, "1. 🏅 Biểu dương") {
			t.Errorf("caption with its menu shows %d characters (limit 1024):\n%s", n, got.Text)
		}
	})
}

func TestEditOfAPressedPhotoIsACaptionsEdit(t *testing.T) {
	for _, captioned := range []bool{false, true} {
		t.Run(fmt.Sprintf("captioned %v", captioned), func(t *testing.T) {
			c := NewContext(&Update{Kind: KindCallback, Platform: "telegram", Chat: Chat{ID: "1"}, MessageID: "9",
				Captioned: captioned, Callback: &Callback{ID: "q", Data: "x"}}, "vi")
			c.Edit("<b>Kết quả:</b> đã duyệt", nil)
			c.EditAbout("lại", nil, 7)
			for _, m := range c.Outgoing() {
				if m.Kind != OutEdit || m.MessageID != "9" || m.Caption != captioned {
					t.Errorf("edit %+v, want of message 9 with Caption %v", m, captioned)
				}
			}
		})
	}
}
