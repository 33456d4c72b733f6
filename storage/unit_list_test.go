package storage

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestUnitTreeListing(t *testing.T) {
	db, _ := openSample(t)
	lines := func(nodes []UnitNode) []string {
		var out []string
		for _, n := range nodes {
			out = append(out, fmt.Sprintf("%d %s", n.Depth, n.Code))
		}
		return out
	}
	t.Run("0 lists the whole tree depth first in import order", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			got, err := tx.UnitTree(0)
			want := []string{"0 HN", "1 HN-TM", "2 HN-TM-T01", "2 HN-TM-T02", "2 HN-TM-T03", "2 HN-TM-T04", "2 HN-TM-T05",
				"1 HN-HL", "2 HN-HL-T01", "2 HN-HL-T02", "2 HN-HL-T03", "1 HN-DC",
				"0 QN", "1 QN-MC1", "2 QN-MC1-K1", "2 QN-MC1-K2", "2 QN-MC1-K3"}
			if !slices.Equal(lines(got), want) {
				t.Errorf("UnitTree(0) = %q, want %q", lines(got), want)
			}
			return err
		})
	})
	t.Run("a unit lists itself at depth 0 and what is below it", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			got, err := tx.UnitTree(unitID(t, db, "HN-HL"))
			if want := []string{"0 HN-HL", "1 HN-HL-T01", "1 HN-HL-T02", "1 HN-HL-T03"}; !slices.Equal(lines(got), want) {
				t.Errorf("UnitTree(HN-HL) = %q, want %q", lines(got), want)
			}
			if err == nil && got[0].Name != "Phường Hoàng Liệt" {
				t.Errorf("name = %q", got[0].Name)
			}
			return err
		})
	})
	t.Run("an unknown unit is not found", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			if _, err := tx.UnitTree(9999); !errors.Is(err, ErrNotFound) {
				t.Errorf("error = %v, want ErrNotFound", err)
			}
			return nil
		})
	})
	t.Run("an empty database has an empty tree", func(t *testing.T) {
		empty, _ := openTest(t)
		view(t, empty, func(tx *Tx) error {
			got, err := tx.UnitTree(0)
			if len(got) != 0 {
				t.Errorf("UnitTree(0) = %q, want nothing", lines(got))
			}
			return err
		})
	})
}
