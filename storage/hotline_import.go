package storage

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

const (
	hotlineCSVHeader = "unit_code,label,phone,hours"
	// shortHotlineCSVHeader is the older header without hours, still read.
	shortHotlineCSVHeader = "unit_code,label,phone"
)

// HotlineImportResult counts what ImportHotlines did: the units the file
// named, and the lines added to and removed from their lists.
type HotlineImportResult struct {
	Units, Added, Removed int
}

// hotlineRow is one parsed line of a hotlines CSV.
type hotlineRow struct {
	line                          int
	unitCode, label, phone, hours string
	invalid                       bool // a field other than unit_code was rejected
}

// unitKey is the row's unit code as units compare it.
func (r hotlineRow) unitKey() string { return strings.ToLower(r.unitCode) }

// ImportHotlines reads a hotlines CSV (header unit_code,label,phone,hours;
// the older unit_code,label,phone is read with unknown hours) in which the
// lines of a unit are its full list: each unit the file names gets exactly
// those hotlines, in file order, and units it does not name keep theirs.
// Lines that stay the same keep their ids, so importing a file again
// changes nothing. If any line is bad nothing is written and the error is
// an *ImportError listing every problem.
func (db *DB) ImportHotlines(ctx context.Context, r io.Reader) (HotlineImportResult, error) {
	return importFile(ctx, db, "hotlines", r, readHotlineRows, (*Tx).importHotlineRows)
}

// readHotlineRows parses the CSV. Line problems are returned in probs; err
// is only for a failing reader.
func readHotlineRows(r io.Reader) (rows []hotlineRow, probs problems, err error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := readHotlineHeader(cr, &probs)
	if header == "" || err != nil {
		return nil, probs, err
	}
	cr.FieldsPerRecord = strings.Count(header, ",") + 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, probs, nil
		}
		if probs.addParseError(err, len(rec), cr.FieldsPerRecord, header, "label") {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if row, ok := checkHotlineRow(rec, line, &probs); ok {
			rows = append(rows, row)
		}
	}
}

// readHotlineHeader reads line 1 and returns the header it holds, or ""
// when the file cannot be used.
func readHotlineHeader(cr *csv.Reader, probs *problems) (string, error) {
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		probs.add(1, "the file is empty; the first line must be %s", hotlineCSVHeader)
		return "", nil
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return "", err
	}
	for i := range rec {
		rec[i] = strings.ToLower(strings.TrimSpace(rec[i]))
	}
	if len(rec) > 0 {
		rec[0] = strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff"))
	}
	got := strings.Join(rec, ",")
	if err != nil || (got != hotlineCSVHeader && got != shortHotlineCSVHeader) {
		probs.add(1, "the first line must be exactly %s, not %q", hotlineCSVHeader, got)
		return "", nil
	}
	return got, nil
}

// checkHotlineRow validates one record's fields. ok is false when the
// unit code is missing; other bad fields are reported and mark the row
// invalid.
func checkHotlineRow(rec []string, line int, probs *problems) (hotlineRow, bool) {
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	row := hotlineRow{line: line, unitCode: rec[0], label: rec[1], phone: rec[2]}
	if len(rec) > 3 {
		row.hours = rec[3]
	}
	if row.unitCode == "" {
		probs.add(line, "unit_code is empty")
		return hotlineRow{}, false
	}
	if p := hotlineProblem(row.label, row.phone, row.hours); p != "" {
		probs.add(line, "%s", p)
		row.invalid = true
	}
	return row, true
}

// importHotlineRows checks the rows against each other and the database
// and, when there is no problem at all, replaces the lists of the units
// they name.
func (tx *Tx) importHotlineRows(rows []hotlineRow, probs problems) (HotlineImportResult, error) {
	units, err := tx.hotlineUnits(rows, &probs)
	if err != nil {
		return HotlineImportResult{}, err
	}
	reportDuplicatePhones(rows, &probs)
	if err := probs.err(); err != nil {
		return HotlineImportResult{}, err
	}
	var order []int64
	lists := map[int64][]hotlineRow{}
	for _, r := range rows {
		id := units[r.unitKey()]
		if _, seen := lists[id]; !seen {
			order = append(order, id)
		}
		lists[id] = append(lists[id], r)
	}
	res := HotlineImportResult{Units: len(order)}
	for _, id := range order {
		added, removed, err := tx.replaceHotlines(id, lists[id])
		if err != nil {
			return HotlineImportResult{}, err
		}
		res.Added += added
		res.Removed += removed
	}
	return res, nil
}

// hotlineUnits returns the id of every unit the rows name, keyed by
// lower-case code, and reports each line naming a unit that does not exist.
func (tx *Tx) hotlineUnits(rows []hotlineRow, probs *problems) (map[string]int64, error) {
	ids := map[string]int64{}
	for _, r := range rows {
		id, seen := ids[r.unitKey()]
		if !seen {
			u, err := tx.UnitByCode(r.unitCode)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return nil, fmt.Errorf("find unit %q: %w", r.unitCode, err)
			}
			id = u.ID
			ids[r.unitKey()] = id
		}
		if id == 0 {
			probs.add(r.line, "unit_code %q is not in the database; import it first with chungsuc units import", r.unitCode)
		}
	}
	return ids, nil
}

// reportDuplicatePhones reports every line that repeats a phone number
// (compared by its digits) already listed for the same unit.
func reportDuplicatePhones(rows []hotlineRow, probs *problems) {
	first := map[[2]string]int{}
	for _, r := range rows {
		if r.invalid {
			continue
		}
		key := [2]string{r.unitKey(), phoneDigits(r.phone)}
		if line, dup := first[key]; dup {
			probs.add(r.line, "phone %q is already listed for %s on line %d", r.phone, r.unitCode, line)
			continue
		}
		first[key] = r.line
	}
}

// replaceHotlines makes rows the unit's list, in order: lines already
// there (same label, phone and hours) keep their ids and are only moved,
// the others are removed, and new ones are added.
func (tx *Tx) replaceHotlines(unitID int64, rows []hotlineRow) (added, removed int, err error) {
	current, err := tx.HotlinesFor([]int64{unitID})
	if err != nil {
		return 0, 0, err
	}
	old := current[unitID]
	used := make([]bool, len(old))
	keep := make([]int64, len(rows)) // the id of the line each row keeps, or 0
	for i, r := range rows {
		for j, h := range old {
			if !used[j] && h.Label == r.label && h.Phone == r.phone && h.Hours == r.hours {
				used[j], keep[i] = true, h.ID
				break
			}
		}
	}
	for j, h := range old {
		if !used[j] {
			if err := tx.RemoveHotline(h.ID); err != nil {
				return 0, 0, err
			}
			removed++
		}
	}
	for i, r := range rows {
		if keep[i] != 0 {
			if _, err := tx.exec(`UPDATE hotlines SET position = ? WHERE id = ? AND position <> ?`, i+1, keep[i], i+1); err != nil {
				return 0, 0, fmt.Errorf("move hotline %d: %w", keep[i], err)
			}
			continue
		}
		if _, err := tx.exec(`INSERT INTO hotlines (unit_id, label, phone, hours, position, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, unitID, r.label, r.phone, r.hours, i+1, ms(tx.Now)); err != nil {
			return 0, 0, fmt.Errorf("add hotline %q: %w", r.phone, dbErr(err))
		}
		added++
	}
	return added, removed, nil
}
