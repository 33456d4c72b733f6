package storage

import (
	"errors"
	"slices"
	"testing"
)

func TestHotlines(t *testing.T) {
	db, _ := openSample(t)
	hn, qn, md := unitID(t, db, "HN"), unitID(t, db, "QN"), unitID(t, db, "HN-HM-MD")
	phones := func(list []Hotline) []string {
		var out []string
		for _, h := range list {
			out = append(out, h.Phone)
		}
		return out
	}
	t.Run("the sample puts emergency numbers on the roots", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			got, err := tx.HotlinesFor([]int64{hn, qn, md})
			if want := []string{"113", "114", "115", "1022"}; !slices.Equal(phones(got[hn]), want) {
				t.Errorf("HN hotlines %v, want %v", phones(got[hn]), want)
			}
			if want := []string{"113", "114", "115"}; !slices.Equal(phones(got[qn]), want) {
				t.Errorf("QN hotlines %v, want %v", phones(got[qn]), want)
			}
			if got[hn][1].Label != "Cứu hỏa, cứu nạn" {
				t.Errorf("label %q, want %q", got[hn][1].Label, "Cứu hỏa, cứu nạn")
			}
			if _, ok := got[md]; ok {
				t.Errorf("ward has hotlines %v, want none", got[md])
			}
			return err
		})
	})
	t.Run("adds at the end and removes", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			id, err := tx.AddHotline(md, "Trực ban phường", "024 3863 1234")
			if err != nil {
				return err
			}
			if _, err := tx.AddHotline(md, "Y tế phường", "0912 000 111"); err != nil {
				return err
			}
			h, err := tx.HotlineByID(id)
			if err != nil || h.UnitID != md {
				t.Errorf("HotlineByID = %+v, %v", h, err)
			}
			if err := tx.RemoveHotline(id); err != nil {
				return err
			}
			got, err := tx.HotlinesFor([]int64{md})
			if want := []string{"0912 000 111"}; !slices.Equal(phones(got[md]), want) {
				t.Errorf("hotlines %v, want %v", phones(got[md]), want)
			}
			if err := tx.RemoveHotline(id); !errors.Is(err, ErrNotFound) {
				t.Errorf("second remove = %v, want ErrNotFound", err)
			}
			return err
		})
	})
	t.Run("refuses empty fields and unknown units", func(t *testing.T) {
		for _, tc := range []struct {
			unit         int64
			label, phone string
			want         error
		}{{md, "", "113", ErrInvalid}, {md, "Công an", " ", ErrInvalid}, {9999, "Công an", "113", ErrNotFound}} {
			err := db.Update(t.Context(), func(tx *Tx) error {
				_, err := tx.AddHotline(tc.unit, tc.label, tc.phone)
				return err
			})
			if !errors.Is(err, tc.want) {
				t.Errorf("AddHotline(%d, %q, %q) = %v, want %v", tc.unit, tc.label, tc.phone, err, tc.want)
			}
		}
	})
}
