package handlers_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
)

// TestQRCode: a group's coordinator gets the group's joining QR code (a
// PNG kept for the messenger, and a one-page PDF where files can be sent,
// else its address); a ward's coordinator gets the codes of the groups
// below and a group's by its code; a resident, a unit outside one's own
// and an unknown code are each told what to do.
func TestQRCode(t *testing.T) {
	for _, platform := range platforms() {
		t.Run(platform, func(t *testing.T) {
			h := newHarness(t, withConfig(func(c *handlers.Config) {
				c.JoinLink, c.PublicURL = "https://t.me/ChungSucBot?start={param}", "https://chungsuc.example.vn"
			}))
			mai := h.member(platform, "7601", "Mai", "HN-TM-T01", "HN-TM-T01")
			tuan := h.member(platform, "7602", "Tuấn", "HN-TM-T02", "HN-TM")
			lan := h.member(platform, "7603", "Lan", "HN-TM-T01", "")

			out := mai.say("/maqr")
			var photo, doc *bot.Outgoing
			for i := range out {
				switch out[i].msg.Kind {
				case bot.OutPhoto:
					photo = &out[i].msg
				case bot.OutDoc:
					doc = &out[i].msg
				}
			}
			if photo == nil || !strings.Contains(qrTexts(out), "Mã QR tham gia phong trào của Tổ dân phố 1") ||
				!strings.Contains(qrTexts(out), "/start g_HN-TM-T01") {
				t.Fatalf("no QR code: %s", qrTexts(out))
			}
			data, _, err := h.db.Media(h.ctx, photo.Media)
			if err != nil {
				t.Fatalf("the QR code's PNG was not kept: %v", err)
			}
			if img, err := png.Decode(bytes.NewReader(data)); err != nil || img.Bounds().Dx() < 500 {
				t.Errorf("the QR code is no large PNG: %v", err)
			}
			switch platform {
			case "telegram":
				if doc == nil || !bytes.HasPrefix(doc.Content, []byte("%PDF-")) || doc.FileName != "QR-HN-TM-T01.pdf" {
					t.Errorf("no PDF to print: %+v", doc)
				}
			default:
				if doc != nil || !strings.Contains(qrTexts(out), "https://chungsuc.example.vn/u/HN-TM-T01/qr.pdf") {
					t.Errorf("where files cannot be sent, the PDF's address: %s", qrTexts(out))
				}
			}

			got := qrTexts(tuan.say("/qr"))
			for _, want := range []string{"Phường Tương Mai", "/qr HN-TM-T01 — Tổ dân phố 1", "/qr HN-TM-T05 — Tổ dân phố 5"} {
				if !strings.Contains(got, want) {
					t.Errorf("the ward's QR code lacks %q: %s", want, got)
				}
			}
			if got := qrTexts(tuan.say("/qr hn-tm-t03")); !strings.Contains(got, "Tổ dân phố 3") {
				t.Errorf("a group's QR code by its code: %s", got)
			}
			if got := qrTexts(mai.say("/qr HN-TM-T02")); !strings.Contains(got, "Bạn không phụ trách Tổ dân phố 2") {
				t.Errorf("another group's QR code: %s", got)
			}
			if got := qrTexts(mai.say("/qr XYZ")); !strings.Contains(got, "Không có đơn vị nào mã XYZ") {
				t.Errorf("an unknown code: %s", got)
			}
			if got := qrTexts(lan.say("/qr")); !strings.Contains(got, "cán bộ phụ trách tổ in và dán ở bảng tin") {
				t.Errorf("a resident: %s", got)
			}
		})
	}
}

// TestQRCodeWithoutLink: with neither a bot link nor a public page, /qr
// says what the administrator must set up.
func TestQRCodeWithoutLink(t *testing.T) {
	h := newHarness(t)
	mai := h.member("telegram", "7611", "Mai", "HN-TM-T01", "HN-TM-T01")
	if got := qrTexts(mai.say("/qr")); !strings.Contains(got, "CHUNGSUC_PUBLIC_URL") {
		t.Errorf("no link: %s", got)
	}
}

// qrTexts is what the person reads of out, without markup.
func qrTexts(out []sent) string { return bot.PlainText(famTexts(out)) }
