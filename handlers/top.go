package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// /top (/xephang) ranks the units one level below the viewer's unit (a
// resident of a group sees the groups of their ward) by campaign score,
// over the campaign and this week, with the score's parts, green zones
// and the honour roll; "/top CODE" ranks below another unit, and
// "/top cachtinh" explains the score.
const (
	topShown  = 15 // units listed; the viewer's own is added when lower
	honourTop = 5  // commended deeds on the honour roll
)

// top sends the leaderboard, or how the score is made.
func (sd *Standings) top(ctx context.Context, c *bot.Context, s *session) error {
	arg := strings.TrimSpace(c.Args)
	switch strings.ToLower(strings.ReplaceAll(storage.Fold(arg), " ", "")) {
	case "cachtinh", "formula", "howto":
		c.Send(sd.formula(c), nil)
		return nil
	}
	unit, own, ok, err := sd.topUnit(c, s, arg)
	if err != nil || !ok {
		return err
	}
	st, err := sd.standingsBelow(s.tx, unit, s.tx.Now)
	if err != nil {
		return err
	}
	if len(st.units) == 0 {
		c.Send(c.T("top.no_units", unit.Name), nil)
		return nil
	}
	text, err := sd.board(c.Lang, st, own, func(start, end time.Time) ([]storage.Commended, error) {
		return s.tx.CommendedBelow(st.parent.ID, start, end, honourTop)
	})
	if err != nil {
		return err
	}
	c.Send(text, nil)
	return nil
}

// topUnit finds the unit whose children are ranked: the one typed, else
// the first unit with units below it that the sender looks after, else
// the sender's own unit's parent (their ward); own is the sender's unit,
// marked in the list.
func (sd *Standings) topUnit(c *bot.Context, s *session, arg string) (unit storage.Unit, own int64, ok bool, err error) {
	own = s.res.UnitID
	switch {
	case arg != "":
		if unit, ok, err = sd.findUnit(c, s, arg); err != nil || !ok {
			return unit, own, false, err
		}
	default:
		scope, err := sd.scopeOf(s, storage.RoleCoordinator, storage.RoleOfficial)
		if err != nil {
			return unit, own, false, err
		}
		for _, id := range scope.Units {
			if n, err := s.tx.CountChildren(id); err != nil {
				return unit, own, false, err
			} else if n > 0 {
				unit, err = s.tx.UnitByID(id)
				return unit, own, err == nil, err
			}
		}
		if len(scope.Units) > 0 && own == 0 { // a group's officer living elsewhere: their group among its ward's
			if unit, err = s.tx.UnitByID(scope.Units[0]); err != nil {
				return unit, own, false, err
			}
			break
		}
		var joined bool
		if unit, joined, err = sd.needUnit(c, s); err != nil || !joined {
			return unit, own, false, err
		}
	}
	if n, err := s.tx.CountChildren(unit.ID); err != nil {
		return unit, own, false, err
	} else if n == 0 && unit.ParentID != 0 { // a group: rank it among its ward's
		own = unit.ID
		if unit, err = s.tx.UnitByID(unit.ParentID); err != nil {
			return unit, own, false, err
		}
	}
	return unit, own, true, nil
}

// board writes the ranking in lang, with the honour roll that roll
// fetches, and where to read more; own is the viewer's unit, marked.
func (sd *Standings) board(lang string, st standings, own int64,
	roll func(start, end time.Time) ([]storage.Commended, error)) (string, error) {
	T := func(key string, args ...any) string { return sd.Catalog.Text(lang, key, args...) }
	var b strings.Builder
	if st.campaign.ID != 0 {
		b.WriteString(T("top.head_campaign", st.parent.Name, st.campaign.Title, showDay(st.campaign.Starts), showDay(st.campaign.Ends)))
	} else {
		b.WriteString(T("top.head_week", st.parent.Name, showDay(st.week.From), showDay(st.week.To)))
	}
	b.WriteString("\n")
	for i, u := range st.units {
		if i >= topShown && u.unit.ID != own {
			continue
		}
		if i == topShown {
			b.WriteString("\n…")
		}
		b.WriteString("\n" + sd.rankLine(lang, i+1, u, st.campaign.ID != 0, u.unit.ID == own, st.campaign.VaccinePoints > 0))
	}
	if len(st.units) > topShown {
		b.WriteString("\n\n" + T("top.more", len(st.units)-topShown))
	}
	b.WriteString("\n\n" + T("top.legend"))
	if st.campaign.ID != 0 {
		list, err := roll(st.overall.Start, st.overall.End)
		if err != nil {
			return "", err
		}
		if len(list) > 0 {
			b.WriteString("\n\n" + T("top.honour"))
			for _, h := range list {
				b.WriteString("\n" + sd.honourLine(lang, h))
			}
		}
	}
	b.WriteString("\n\n" + T("top.how"))
	return b.String(), nil
}

// rankLine is one unit's place: rank, zone, name, score and its parts.
func (sd *Standings) rankLine(lang string, rank int, u standing, campaign, own, vaccine bool) string {
	if u.overall.People == 0 {
		return sd.Catalog.Text(lang, "top.line_empty", u.unit.Name)
	}
	zone := "🟢"
	if !u.green {
		zone = "🟠"
	}
	mark := ""
	if own {
		mark = " ⭐"
	}
	week := ""
	if campaign {
		week = sd.Catalog.Text(lang, "top.week_score", u.weekScore.Total)
	}
	line := sd.Catalog.Text(lang, "top.line", rank, HTML(zone), u.unit.Name, HTML(mark), u.score.Total, HTML(week),
		u.overall.Participation()*100, u.score.Deeds, u.score.Help)
	if vaccine {
		line += sd.Catalog.Text(lang, "top.line_vaccine", u.score.Vaccination,
			share(u.overall.FullyVaccinated, u.overall.People)*100)
	}
	return line
}

// honourLine names a commended deed's doer only with their consent.
func (sd *Standings) honourLine(lang string, h storage.Commended) string {
	if h.Name == "" {
		return sd.Catalog.Text(lang, "top.honour_anonymous", h.UnitName, h.Label)
	}
	return sd.Catalog.Text(lang, "top.honour_named", h.Name, h.UnitName, h.Label)
}

// formula explains the score with the figures it is made of.
func (sd *Standings) formula(c *bot.Context) string {
	return c.T("top.formula", storage.ScoreParticipation, storage.ScoreDeeds, storage.ScoreDeedsCap,
		storage.DeedsMinPeople, storage.ScoreHelp, int(storage.HelpWithin.Hours()), storage.GreenDays)
}

// greenzone shows the green zones of the units below the coordinator's,
// or sets one by hand: "/vungxanh CODE xanh|chuaxanh <reason>", or
// "/vungxanh CODE tudong" to let the check-ins decide again.
func (sd *Standings) greenzone(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := sd.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	args := strings.TrimSpace(c.Args)
	if args == "" {
		return sd.zoneList(c, s, scope)
	}
	code, rest := cutWord(args)
	word, reason := cutWord(rest)
	unit, err := s.tx.UnitByCode(strings.ToUpper(code))
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("zone.usage"), nil)
		return nil
	}
	if err != nil {
		return err
	}
	// A unit's own coordinators do not judge it: the units above them do.
	if in, err := coversBelow(s.tx, scope, unit.ID); err != nil {
		return err
	} else if !in {
		if own, err := covers(s.tx, scope, unit.ID); err != nil {
			return err
		} else if own {
			c.Send(c.T("zone.own_unit", unit.Name), nil)
			return nil
		}
		return sd.refuse(c, s, "/greenzone", unit.ID, "")
	}
	var green bool
	switch strings.ToLower(storage.Fold(word)) {
	case "xanh", "green":
		green = true
	case "chuaxanh", "khongxanh", "notgreen", "red", "do":
	case "tudong", "auto":
		was, err := s.tx.ClearZoneStatus(unit.ID)
		if err != nil {
			return err
		}
		c.Send(c.T("zone.auto", unit.Name), nil)
		if !was {
			return nil
		}
		return sd.audit(s, storage.AuditEntry{Action: storage.AuditZone, UnitID: unit.ID, Target: unit.Code,
			Outcome: storage.AuditOK, Detail: "auto"})
	default:
		c.Send(c.T("zone.usage"), nil)
		return nil
	}
	if len([]rune(reason)) < 5 || len([]rune(reason)) > storage.CampaignTextMax {
		key := "zone.need_reason_green"
		if !green {
			key = "zone.need_reason_not_green"
		}
		c.Send(c.T(key, unit.Code, HTML(word)), nil)
		return nil
	}
	if err := s.tx.SetZoneStatus(storage.ZoneStatus{UnitID: unit.ID, Green: green, Reason: reason, SetBy: s.res.ID}); err != nil {
		return err
	}
	key := "zone.set_green"
	if !green {
		key = "zone.set_not_green"
	}
	c.Send(c.T(key, unit.Name, reason), nil)
	return sd.audit(s, storage.AuditEntry{Action: storage.AuditZone, UnitID: unit.ID, Target: unit.Code,
		Outcome: storage.AuditOK, Detail: fmt.Sprintf("green=%v: %s", green, reason)})
}

// zoneList shows the zones below each unit of the scope (up to three).
func (sd *Standings) zoneList(c *bot.Context, s *session, scope storage.Scope) error {
	ids := scope.Units
	if scope.All {
		roots, err := s.tx.Children(0)
		if err != nil {
			return err
		}
		for _, u := range roots {
			ids = append(ids, u.ID)
		}
	}
	var b strings.Builder
	for _, id := range ids[:min(len(ids), 3)] {
		parent, err := s.tx.UnitByID(id)
		if err != nil {
			return err
		}
		z, err := sd.zones(s.tx, parent, s.tx.Now)
		if err != nil {
			return err
		}
		children, err := s.tx.Children(id)
		if err != nil {
			return err
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(sd.zoneLine(c, parent, z))
		for _, u := range children {
			b.WriteString("\n" + sd.zoneLine(c, u, z))
		}
	}
	c.Send(c.T("zone.list", HTML(b.String()), storage.GreenDays), nil)
	return nil
}

// zoneLine is a unit's zone, and why when it was set by hand.
func (sd *Standings) zoneLine(c *bot.Context, u storage.Unit, z zoneMap) string {
	key := "zone.line_green"
	if !z.green[u.ID] {
		key = "zone.line_not_green"
	}
	line := c.T(key, u.Name, u.Code)
	if h := z.byHand[u.ID]; h != nil {
		line += c.T("zone.by_hand", h.Reason)
	}
	return line
}

// Leaderboard returns the ranking of the units below the unit with code
// as of now, in lang (HTML), read without writing: what /top shows,
// without the viewer's own unit marked.
func (a *App) Leaderboard(ctx context.Context, code, lang string, now time.Time) (string, error) {
	if normLang(lang) == "" {
		lang = a.Lang
	}
	var text string
	err := a.DB.View(ctx, func(tx *storage.Tx) error {
		unit, err := tx.UnitByCode(strings.ToUpper(strings.TrimSpace(code)))
		if err != nil {
			return fmt.Errorf("unit %q: %w", code, err)
		}
		st, err := a.standingsBelow(tx, unit, now)
		if err != nil {
			return err
		}
		text, err = a.standings.board(lang, st, 0, func(start, end time.Time) ([]storage.Commended, error) {
			return tx.CommendedBelow(unit.ID, start, end, honourTop)
		})
		return err
	})
	return text, err
}
