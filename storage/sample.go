package storage

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

var (
	//go:embed sample/units.csv
	sampleUnits []byte
	//go:embed sample/hotlines.csv
	sampleHotlines []byte
)

// SampleUnits returns the embedded sample units CSV: Hà Nội → Quận Hoàng
// Mai → two wards and their residential groups, and Quảng Ninh → a ward
// directly (the 2025 two-tier layout) → its groups.
func SampleUnits() io.Reader { return bytes.NewReader(sampleUnits) }

// SampleHotlines returns the embedded sample hotlines CSV
// (unit_code,label,phone): 113, 114 and 115 on both roots, and Hà Nội's
// public service line 1022.
func SampleHotlines() io.Reader { return bytes.NewReader(sampleHotlines) }

// hotlineRow is one line of a hotlines CSV.
type hotlineRow struct {
	unitCode, label, phone string
}

// ImportSample loads the sample units and hotlines in one transaction. It
// is meant for an empty database and returns ErrConflict if any unit
// already exists.
func (db *DB) ImportSample(ctx context.Context) (ImportResult, error) {
	rows, probs, err := readUnitRows(SampleUnits())
	if err == nil {
		err = probs.err()
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("import sample units: %w", err)
	}
	hotlines, err := readHotlineRows(SampleHotlines())
	if err != nil {
		return ImportResult{}, fmt.Errorf("import sample hotlines: %w", err)
	}
	var res ImportResult
	err = db.Update(ctx, func(tx *Tx) error {
		n, err := tx.CountUnits()
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("the database already has %d units: %w", n, ErrConflict)
		}
		if res, err = tx.importUnitRows(rows, nil); err != nil {
			return err
		}
		return tx.addHotlineRows(hotlines)
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import sample: %w", err)
	}
	return res, nil
}

// readHotlineRows parses a unit_code,label,phone CSV.
func readHotlineRows(r io.Reader) ([]hotlineRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || strings.ToLower(strings.Join(recs[0], ",")) != "unit_code,label,phone" {
		return nil, fmt.Errorf("the first line must be unit_code,label,phone: %w", ErrInvalid)
	}
	var rows []hotlineRow
	for _, rec := range recs[1:] {
		rows = append(rows, hotlineRow{
			unitCode: strings.TrimSpace(rec[0]),
			label:    strings.TrimSpace(rec[1]),
			phone:    strings.TrimSpace(rec[2]),
		})
	}
	return rows, nil
}

func (tx *Tx) addHotlineRows(rows []hotlineRow) error {
	for _, h := range rows {
		u, err := tx.UnitByCode(h.unitCode)
		if err != nil {
			return err
		}
		if _, err := tx.AddHotline(u.ID, h.label, h.phone); err != nil {
			return err
		}
	}
	return nil
}
