package storage

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a campaign, in characters (runes) and items.
const (
	CampaignTitleMax  = 200
	CampaignSloganMax = 300
	CampaignTextMax   = 500 // a task or a criterion
	CampaignItemsMax  = 20  // tasks, and criteria
	CriterionPointMax = 100
)

// Campaign is an emulation campaign (phong trào thi đua) of a unit and
// everything below it, over local days Starts..Ends (YYYY-MM-DD).
type Campaign struct {
	ID        int64
	UnitID    int64
	Title     string
	Slogan    string
	Starts    string // local day, YYYY-MM-DD
	Ends      string
	Template  string // the template it was made from, "" for none
	CreatedBy int64
	CreatedAt time.Time
	EndedAt   time.Time // closed early; zero while it runs
	Tasks     []string
	Criteria  []Criterion
	// VaccinePoints, when above 0, is what vaccination scores: that many
	// points times the share of a unit's people with two doses or more.
	VaccinePoints int
}

// Criterion is what a campaign scores: a kind of good deed and its points.
type Criterion struct {
	Label  string
	Points int
}

// Runs reports whether the campaign runs on day (YYYY-MM-DD).
func (c Campaign) Runs(day string) bool {
	return c.EndedAt.IsZero() && c.Starts <= day && day <= c.Ends
}

// CriterionKey is the /report category of the campaign's criterion at
// position i (from 1): "k3".
func CriterionKey(i int) string { return fmt.Sprintf("k%d", i) }

const campaignCols = `id, unit_id, title, slogan, starts_on, ends_on, template, COALESCE(created_by, 0),
	created_at, ended_at, vaccine_points`

func scanCampaign(s scanner) (Campaign, error) {
	var c Campaign
	var created int64
	var ended sql.NullInt64
	err := s.Scan(&c.ID, &c.UnitID, &c.Title, &c.Slogan, &c.Starts, &c.Ends, &c.Template, &c.CreatedBy, &created, &ended,
		&c.VaccinePoints)
	c.CreatedAt, c.EndedAt = time.UnixMilli(created).UTC(), timeOf(ended)
	return c, err
}

// CheckCampaign returns ErrInvalid, wrapped with the reason, for a
// campaign that cannot be stored: an empty or long title, a long slogan,
// days that are not YYYY-MM-DD, an end before the start, too many tasks
// or criteria, an empty or long one, or points outside 1..100.
func CheckCampaign(c Campaign) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("campaign: "+format+": %w", append(args, ErrInvalid)...)
	}
	switch {
	case strings.TrimSpace(c.Title) == "" || utf8.RuneCountInString(c.Title) > CampaignTitleMax:
		return bad("title of %d characters", utf8.RuneCountInString(c.Title))
	case utf8.RuneCountInString(c.Slogan) > CampaignSloganMax:
		return bad("slogan of %d characters", utf8.RuneCountInString(c.Slogan))
	case !validDay(c.Starts) || !validDay(c.Ends):
		return bad("days %q to %q", c.Starts, c.Ends)
	case c.Ends < c.Starts:
		return bad("ends %s before it starts %s", c.Ends, c.Starts)
	case len(c.Tasks) > CampaignItemsMax || len(c.Criteria) > CampaignItemsMax:
		return bad("%d tasks and %d criteria", len(c.Tasks), len(c.Criteria))
	case c.VaccinePoints < 0 || c.VaccinePoints > CriterionPointMax:
		return bad("vaccination scores %d points", c.VaccinePoints)
	}
	for i, t := range c.Tasks {
		if strings.TrimSpace(t) == "" || utf8.RuneCountInString(t) > CampaignTextMax {
			return bad("task %d", i+1)
		}
	}
	for i, k := range c.Criteria {
		if strings.TrimSpace(k.Label) == "" || utf8.RuneCountInString(k.Label) > CampaignTextMax {
			return bad("criterion %d", i+1)
		}
		if k.Points < 1 || k.Points > CriterionPointMax {
			return bad("criterion %d has %d points", i+1, k.Points)
		}
	}
	return nil
}

// SaveCampaign stores a new campaign (ID 0) or replaces the fields, tasks
// and criteria of an existing one, and returns it as stored. It returns
// ErrInvalid as CheckCampaign does, and ErrNotFound for an unknown
// campaign or unit.
func (tx *Tx) SaveCampaign(c Campaign) (Campaign, error) {
	if err := CheckCampaign(c); err != nil {
		return Campaign{}, err
	}
	now := ms(tx.Now)
	var err error
	var saved Campaign
	if c.ID == 0 {
		saved, err = scanCampaign(tx.queryRow(`INSERT INTO campaigns (unit_id, title, slogan, starts_on, ends_on,
				template, created_by, created_at, updated_at, vaccine_points)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+campaignCols,
			c.UnitID, strings.TrimSpace(c.Title), strings.TrimSpace(c.Slogan), c.Starts, c.Ends, c.Template,
			nullID(c.CreatedBy), now, now, c.VaccinePoints))
	} else {
		saved, err = scanCampaign(tx.queryRow(`UPDATE campaigns SET title = ?, slogan = ?, starts_on = ?,
				ends_on = ?, updated_at = ?, vaccine_points = ? WHERE id = ? RETURNING `+campaignCols,
			strings.TrimSpace(c.Title), strings.TrimSpace(c.Slogan), c.Starts, c.Ends, now, c.VaccinePoints, c.ID))
	}
	if err != nil {
		return Campaign{}, fmt.Errorf("save campaign: %w", dbErr(err))
	}
	if _, err := tx.exec(`DELETE FROM campaign_tasks WHERE campaign_id = ?`, saved.ID); err != nil {
		return Campaign{}, fmt.Errorf("save campaign tasks: %w", err)
	}
	if _, err := tx.exec(`DELETE FROM campaign_criteria WHERE campaign_id = ?`, saved.ID); err != nil {
		return Campaign{}, fmt.Errorf("save campaign criteria: %w", err)
	}
	for i, t := range c.Tasks {
		if _, err := tx.exec(`INSERT INTO campaign_tasks (campaign_id, position, text) VALUES (?, ?, ?)`,
			saved.ID, i+1, strings.TrimSpace(t)); err != nil {
			return Campaign{}, fmt.Errorf("save campaign task %d: %w", i+1, err)
		}
	}
	for i, k := range c.Criteria {
		if _, err := tx.exec(`INSERT INTO campaign_criteria (campaign_id, position, label, points) VALUES (?, ?, ?, ?)`,
			saved.ID, i+1, strings.TrimSpace(k.Label), k.Points); err != nil {
			return Campaign{}, fmt.Errorf("save campaign criterion %d: %w", i+1, err)
		}
	}
	return tx.CampaignByID(saved.ID)
}

// EndCampaign closes a campaign now; ending one already ended changes
// nothing. It returns ErrNotFound for an unknown campaign.
func (tx *Tx) EndCampaign(id int64) error {
	n, err := tx.execCount(`UPDATE campaigns SET ended_at = COALESCE(ended_at, ?), updated_at = ? WHERE id = ?`,
		ms(tx.Now), ms(tx.Now), id)
	if err != nil {
		return fmt.Errorf("end campaign %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("end campaign %d: %w", id, ErrNotFound)
	}
	return nil
}

// CampaignByID returns a campaign with its tasks and criteria, or
// ErrNotFound.
func (tx *Tx) CampaignByID(id int64) (Campaign, error) {
	c, err := scanCampaign(tx.queryRow(`SELECT `+campaignCols+` FROM campaigns WHERE id = ?`, id))
	if err != nil {
		return Campaign{}, fmt.Errorf("campaign %d: %w", id, dbErr(err))
	}
	if err := tx.loadCampaign(&c); err != nil {
		return Campaign{}, err
	}
	return c, nil
}

// loadCampaign fills in a campaign's tasks and criteria.
func (tx *Tx) loadCampaign(c *Campaign) error {
	rows, err := tx.query(`SELECT text FROM campaign_tasks WHERE campaign_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return fmt.Errorf("tasks of campaign %d: %w", c.ID, err)
	}
	c.Tasks = nil
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("tasks of campaign %d: %w", c.ID, err)
		}
		c.Tasks = append(c.Tasks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tasks of campaign %d: %w", c.ID, err)
	}
	rows, err = tx.query(`SELECT label, points FROM campaign_criteria WHERE campaign_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return fmt.Errorf("criteria of campaign %d: %w", c.ID, err)
	}
	defer rows.Close()
	c.Criteria = nil
	for rows.Next() {
		var k Criterion
		if err := rows.Scan(&k.Label, &k.Points); err != nil {
			return fmt.Errorf("criteria of campaign %d: %w", c.ID, err)
		}
		c.Criteria = append(c.Criteria, k)
	}
	return rows.Err()
}

// ActiveCampaign returns the campaign running on day for unitID: the one
// of the nearest unit at or above it (the newest there when several
// run), or ErrNotFound.
func (tx *Tx) ActiveCampaign(unitID int64, day string) (Campaign, error) {
	c, err := scanCampaign(tx.queryRow(`WITH RECURSIVE up(id, depth) AS (
			SELECT ?1, 0
			UNION ALL
			SELECT u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.id
			WHERE u.parent_id IS NOT NULL AND up.depth < ?3)
		SELECT `+prefixCols("c.", campaignCols)+` FROM up JOIN campaigns c ON c.unit_id = up.id
		WHERE c.ended_at IS NULL AND c.starts_on <= ?2 AND c.ends_on >= ?2
		ORDER BY up.depth, c.id DESC LIMIT 1`, unitID, day, maxAncestors))
	if err != nil {
		return Campaign{}, fmt.Errorf("campaign of unit %d on %s: %w", unitID, day, dbErr(err))
	}
	if err := tx.loadCampaign(&c); err != nil {
		return Campaign{}, err
	}
	return c, nil
}

// UnitCampaign returns the campaign a unit itself runs that has not yet
// ended by day (running or to come: the one that starts first), for its
// coordinators to edit; or ErrNotFound.
func (tx *Tx) UnitCampaign(unitID int64, day string) (Campaign, error) {
	c, err := scanCampaign(tx.queryRow(`SELECT `+campaignCols+` FROM campaigns
		WHERE unit_id = ? AND ended_at IS NULL AND ends_on >= ? ORDER BY starts_on, id LIMIT 1`, unitID, day))
	if err != nil {
		return Campaign{}, fmt.Errorf("campaign run by unit %d: %w", unitID, dbErr(err))
	}
	if err := tx.loadCampaign(&c); err != nil {
		return Campaign{}, err
	}
	return c, nil
}

// prefixCols qualifies each of a comma-separated column list with p,
// keeping COALESCE(x, 0) readable: "c.id, COALESCE(c.created_by, 0)".
func prefixCols(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		c = strings.TrimSpace(c)
		if inner, ok := strings.CutPrefix(c, "COALESCE("); ok {
			parts[i] = "COALESCE(" + p + inner
		} else if !strings.HasSuffix(c, ")") {
			parts[i] = p + c
		}
	}
	return strings.Join(parts, ", ")
}

// ZoneStatus is a unit's green-zone status set by hand.
type ZoneStatus struct {
	UnitID int64
	Green  bool
	Reason string
	SetBy  int64
	SetAt  time.Time
}

// SetZoneStatus sets a unit's green-zone status by hand, with its reason.
func (tx *Tx) SetZoneStatus(z ZoneStatus) error {
	if strings.TrimSpace(z.Reason) == "" || utf8.RuneCountInString(z.Reason) > CampaignTextMax {
		return fmt.Errorf("zone status of unit %d: reason: %w", z.UnitID, ErrInvalid)
	}
	_, err := tx.exec(`INSERT INTO zone_status (unit_id, green, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (unit_id) DO UPDATE SET green = excluded.green, reason = excluded.reason,
			set_by = excluded.set_by, set_at = excluded.set_at`,
		z.UnitID, z.Green, strings.TrimSpace(z.Reason), nullID(z.SetBy), ms(tx.Now))
	if err != nil {
		return fmt.Errorf("zone status of unit %d: %w", z.UnitID, dbErr(err))
	}
	return nil
}

// ClearZoneStatus lets a unit's green-zone status follow its check-ins
// again; it reports whether one was set by hand.
func (tx *Tx) ClearZoneStatus(unitID int64) (bool, error) {
	n, err := tx.execCount(`DELETE FROM zone_status WHERE unit_id = ?`, unitID)
	if err != nil {
		return false, fmt.Errorf("clear zone status of unit %d: %w", unitID, err)
	}
	return n > 0, nil
}

// ZoneStatusOf returns the status set by hand for a unit, or ErrNotFound.
func (tx *Tx) ZoneStatusOf(unitID int64) (ZoneStatus, error) {
	var z ZoneStatus
	var at int64
	var by sql.NullInt64
	err := tx.queryRow(`SELECT unit_id, green, reason, set_by, set_at FROM zone_status WHERE unit_id = ?`, unitID).
		Scan(&z.UnitID, &z.Green, &z.Reason, &by, &at)
	if err != nil {
		return ZoneStatus{}, fmt.Errorf("zone status of unit %d: %w", unitID, dbErr(err))
	}
	z.SetBy, z.SetAt = by.Int64, time.UnixMilli(at).UTC()
	return z, nil
}
