package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// qrListed is how many units below are named after a QR code, for /qr CODE.
const qrListed = 20

// QRCodes is /qr (/maqr): a coordinator's QR code of their unit, or of a
// unit below it by code, as a photo to share and a one-page PDF to print
// for the notice board.
type QRCodes struct {
	*core
}

// qr sends the QR code of the unit named, else of the coordinator's first
// unit, with the codes of the units below it.
func (qc *QRCodes) qr(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := s.tx.ScopeOf(s.res.ID, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if scope.Empty() && !s.isAdmin() {
		c.Send(c.T("qr.not_coordinator"), nil)
		return nil
	}
	var unit storage.Unit
	switch code := strings.ToUpper(strings.TrimSpace(c.Args)); {
	case code != "":
		unit, err = s.tx.UnitByCode(strings.TrimPrefix(code, strings.ToUpper(deepLinkPrefix)))
		if isNotFound(err) {
			c.Send(c.T("qr.unknown", code), nil)
			return nil
		}
		if err != nil {
			return err
		}
		if ok, err := holdsOver(s, storage.RoleCoordinator, unit.ID, 0); err != nil || !ok {
			if err == nil {
				c.Send(c.T("qr.not_yours", unit.Name), nil)
			}
			return err
		}
	case len(scope.Units) > 0:
		if unit, err = s.tx.UnitByID(scope.Units[0]); err != nil {
			return err
		}
	default: // an administrator without a unit of their own to coordinate
		roots, err := s.tx.Children(0)
		if err != nil || len(roots) == 0 {
			return err
		}
		lines := []string{c.T("qr.usage", roots[0].Code)}
		for _, r := range roots {
			lines = append(lines, c.T("qr.below_line", r.Code, r.Name))
		}
		c.Send(strings.Join(lines, "\n"), nil)
		return nil
	}
	return qc.send(c, s, unit)
}

// send queues the QR code of unit: the photo, the PDF (or where to get it
// on a messenger without files), and the codes of the units below.
func (qc *QRCodes) send(c *bot.Context, s *session, unit storage.Unit) error {
	target := qc.JoinTarget(unit)
	if target == "" {
		c.Send(c.T("qr.no_link"), nil)
		return nil
	}
	png, err := QRPNG(target)
	if err != nil {
		return err
	}
	hash, err := s.tx.KeepMedia("image/png", png)
	if err != nil {
		return err
	}
	caption := c.T("qr.caption", unit.Name, deepLinkPrefix+unit.Code)
	u := c.Update
	c.Queue(bot.Outgoing{Kind: bot.OutPhoto, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang,
		Media: hash, Text: caption})
	switch {
	case c.Caps.Documents:
		pdf, err := qc.QRPDF(unit, target, c.Lang)
		if err != nil {
			return err
		}
		c.SendDocument(fmt.Sprintf("QR-%s.pdf", unit.Code), pdf, c.T("qr.pdf_caption", unit.Name))
	case qc.PublicURL != "":
		c.Send(c.T("qr.pdf_link", qc.PublicURL+"/u/"+unit.Code+"/qr.pdf"), nil)
	}
	below, err := s.tx.Children(unit.ID)
	if err != nil || len(below) == 0 {
		return err
	}
	var lines []string
	for i, b := range below {
		if i == qrListed {
			lines = append(lines, c.T("qr.more", len(below)-qrListed))
			break
		}
		lines = append(lines, c.T("qr.below_line", b.Code, b.Name))
	}
	c.Send(c.T("qr.below", unit.Name)+"\n"+strings.Join(lines, "\n"), nil)
	return nil
}
