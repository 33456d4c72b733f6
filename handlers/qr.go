package handlers

import (
	"bytes"
	"fmt"
	"strings"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// QR codes of a unit, for the notice board of a residential group: they
// open the bot on the unit's deep link (where a messenger has one), else
// the unit's public page, which says how to join.

// qrPixels is the side of a QR code's PNG: sharp when printed at 8 cm.
const qrPixels = 768

// JoinTarget is what a unit's QR code opens: the bot's start link with
// g_<code> when one is configured, else the unit's public page; "" when
// there is neither.
func (co *core) JoinTarget(unit storage.Unit) string {
	param := deepLinkPrefix + unit.Code
	switch {
	case co.JoinLink != "":
		return strings.ReplaceAll(co.JoinLink, "{param}", param)
	case co.PublicURL != "":
		return co.PublicURL + "/u/" + unit.Code
	}
	return ""
}

// plainText is a catalogue message as plain text (for a PDF).
func (co *core) plainText(lang, key string, args ...any) string {
	return bot.PlainText(co.Catalog.Text(lang, key, args...))
}

// QRPNG draws the QR code of link as a PNG.
func QRPNG(link string) ([]byte, error) {
	q, err := qrcode.New(link, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return q.PNG(qrPixels)
}

// QRPDF lays out one A4 page to print for unit: its name, the QR code of
// link, and how to join in words, in lang.
func (co *core) QRPDF(unit storage.Unit, link, lang string) ([]byte, error) {
	png, err := QRPNG(link)
	if err != nil {
		return nil, err
	}
	t := func(key string, args ...any) string { return co.plainText(lang, key, args...) }
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(t("qr.pdf_title", unit.Name), true)
	pdf.SetCreator("Chung Sức", true)
	pdf.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	pdf.AddUTF8FontFromBytes("sans", "B", liberationsansbold.TTF)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	pdf.SetFont("sans", "B", 26)
	pdf.MultiCell(0, 12, t("qr.pdf_head"), "", "C", false)
	pdf.Ln(2)
	pdf.SetFont("sans", "B", 20)
	pdf.MultiCell(0, 10, unit.Name, "", "C", false)
	pdf.Ln(6)
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	side := 120.0
	pdf.ImageOptions("qr", (210-side)/2, pdf.GetY(), side, side, true, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.Ln(6)
	pdf.SetFont("sans", "", 14)
	pdf.MultiCell(0, 7, t("qr.pdf_scan"), "", "C", false)
	pdf.Ln(3)
	pdf.MultiCell(0, 7, t("qr.pdf_type", deepLinkPrefix+unit.Code), "", "C", false)
	pdf.Ln(3)
	pdf.SetFont("sans", "", 11)
	pdf.SetTextColor(90, 100, 112)
	pdf.MultiCell(0, 6, link, "", "C", false)
	pdf.Ln(2)
	pdf.MultiCell(0, 6, t("qr.pdf_privacy"), "", "C", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("qr pdf of %s: %w", unit.Code, err)
	}
	return b.Bytes(), nil
}
