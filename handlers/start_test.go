package handlers_test

import (
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

// TestPickerWithOneTopUnit checks the unit picker of a deployment with a
// single unit at the top (one city): it opens inside it, offers no Back at
// that first level, and Back from a ward returns to it.
func TestPickerWithOneTopUnit(t *testing.T) {
	csv := "code,name,kind,parent_code\nHN,Thành phố Hà Nội,city,\nHN-TM,Phường Tương Mai,ward,HN\n" +
		"HN-TM-T01,Tổ dân phố 1,group,HN-TM\nHN-HL,Phường Hoàng Liệt,ward,HN\nHN-HL-T01,Tổ dân phố 1,group,HN-HL\n"
	e := newHarness(t, withUnits(csv))

	first := to(e.say("7001", "/start"), "7001")
	if !hasLabel(first, "Phường Tương Mai") || hasLabel(first, "⬅") {
		t.Fatalf("the first level shows %q; want the wards of the only city, without Back", famLabels(first))
	}
	ward := to(e.press("7001", button(t, first, "Phường Tương Mai").Data), "7001")
	if !hasLabel(ward, "Tổ dân phố 1") {
		t.Fatalf("the ward shows %q", famLabels(ward))
	}
	back := to(e.press("7001", button(t, ward, "⬅").Data), "7001")
	if !hasLabel(back, "Phường Hoàng Liệt") || hasLabel(back, "⬅") {
		t.Errorf("Back from the ward shows %q; want the wards again, without Back", famLabels(back))
	}
}

// hasLabel reports whether a button in out starts with prefix.
func hasLabel(out []sent, prefix string) bool {
	for _, l := range famLabels(out) {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// TestNothingUnfinishedIsDroppedSilently starts a report, then asks for
// help in the middle of it: the person is told the report was cancelled.
// Then "rewrite" at a preview can be taken back without losing the report.
func TestNothingUnfinishedIsDroppedSilently(t *testing.T) {
	e := newHarness(t)
	e.resident("7101", "Lan", "HN-TM-T01", "")
	out := e.say("7101", "/report")
	e.press("7101", button(t, to(out, "7101"), "🤝").Data)
	out = to(e.say("7101", "/support"), "7101")
	if len(out) < 2 || !strings.Contains(out[0].msg.Text, "đã được hủy") || !strings.Contains(out[0].msg.Text, "/report") {
		t.Errorf("starting /support in a report said %q first; want that the report was cancelled", texts(out))
	}

	out = e.say("7101", "/report")
	out = e.press("7101", button(t, to(out, "7101"), "🤝").Data)
	out = e.press("7101", button(t, to(out, "7101"), "🙋").Data)
	e.say("7101", "Tôi đi chợ hộ ba gia đình đang cách ly.")
	out = e.press("7101", button(t, to(e.say("7101", "xong"), "7101"), "Bỏ qua").Data)
	out = e.press("7101", button(t, to(out, "7101"), "✏️").Data)
	out = to(e.press("7101", button(t, to(out, "7101"), "↩️").Data), "7101")
	if all := texts(out); !strings.Contains(all, "Xem lại báo cáo") || !strings.Contains(all, "đi chợ hộ") {
		t.Errorf("keeping the description showed %q; want the preview with it", all)
	}
}

// TestCaptionedPhotoIsAWholeReport sends a captioned photo where the
// description is asked for: the caption becomes the description and the
// photo is kept.
func TestCaptionedPhotoIsAWholeReport(t *testing.T) {
	e := newHarness(t)
	e.resident("7201", "Tư", "HN-TM-T01", "")
	out := e.say("7201", "/report")
	out = e.press("7201", button(t, to(out, "7201"), "🤝").Data)
	e.press("7201", button(t, to(out, "7201"), "🙋").Data)
	out = to(e.update("7201", func(u *bot.Update) {
		u.Photo, u.Text = &bot.Photo{FileID: "p1", FileUniqueID: "u1"}, "Anh Tư dọn rác ngõ 7 mỗi sáng suốt mùa dịch."
	}), "7201")
	if all := texts(out); !strings.Contains(all, "chú thích của ảnh") || !strings.Contains(all, "1/5") {
		t.Fatalf("a captioned photo at the description got %q", all)
	}
	out = to(e.press("7201", button(t, out, "✔").Data), "7201")
	if all := texts(out); !strings.Contains(all, "dọn rác ngõ 7") || !strings.Contains(all, "Ảnh:</b> 1") {
		t.Errorf("the preview is %q; want the caption as description and one photo", all)
	}
}
