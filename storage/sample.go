package storage

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
)

var (
	//go:embed sample/units.csv
	sampleUnits []byte
	//go:embed sample/hotlines.csv
	sampleHotlines []byte
)

// SampleUnits returns the embedded sample units CSV, in the two-tier
// shape of Vietnam since 1 July 2025: Thành phố Hà Nội → three of its
// wards (two with residential groups), and Tỉnh Quảng Ninh → Phường Móng
// Cái 1 → its groups.
func SampleUnits() io.Reader { return bytes.NewReader(sampleUnits) }

// SampleHotlines returns the embedded sample hotlines CSV
// (unit_code,label,phone,hours): 113, 114 and 115, answered 24/7, on both
// roots, Hà Nội's public service line 1022, and an example ward line with
// office hours.
func SampleHotlines() io.Reader { return bytes.NewReader(sampleHotlines) }

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
	hotlines, probs, err := readHotlineRows(SampleHotlines())
	if err == nil {
		err = probs.err()
	}
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
		_, err = tx.importHotlineRows(hotlines, nil)
		return err
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import sample: %w", err)
	}
	return res, nil
}
