package storage

import (
	"errors"
	"slices"
	"testing"
)

func TestHotlines(t *testing.T) {
	db, _ := openSample(t)
	hn, qn, tm, dc := unitID(t, db, "HN"), unitID(t, db, "QN"), unitID(t, db, "HN-TM"), unitID(t, db, "HN-DC")
	phones := func(list []Hotline) []string {
		var out []string
		for _, h := range list {
			out = append(out, h.Phone)
		}
		return out
	}
	t.Run("the sample puts emergency numbers on the roots and office hours on a ward", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			got, err := tx.HotlinesFor([]int64{hn, qn, tm, dc})
			if want := []string{"113", "114", "115", "1022"}; !slices.Equal(phones(got[hn]), want) {
				t.Errorf("HN hotlines %v, want %v", phones(got[hn]), want)
			}
			if want := []string{"113", "114", "115"}; !slices.Equal(phones(got[qn]), want) {
				t.Errorf("QN hotlines %v, want %v", phones(got[qn]), want)
			}
			if got[hn][1].Label != "Cứu hỏa, cứu nạn" {
				t.Errorf("label %q, want %q", got[hn][1].Label, "Cứu hỏa, cứu nạn")
			}
			var hours []string
			for _, h := range got[hn] {
				hours = append(hours, h.Hours)
			}
			if want := []string{"24/7", "24/7", "24/7", ""}; !slices.Equal(hours, want) {
				t.Errorf("HN hours %q, want %q", hours, want)
			}
			if len(got[tm]) != 1 || got[tm][0].Hours != "7:30–17:00" || got[tm][0].AllDay() {
				t.Errorf("Tương Mai hotlines %+v, want one line open 7:30–17:00", got[tm])
			}
			if _, ok := got[dc]; ok {
				t.Errorf("Định Công has hotlines %v, want none", got[dc])
			}
			return err
		})
	})
	t.Run("adds at the end and removes", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			id, err := tx.AddHotline(dc, "Trực ban phường", "024 3863 1234", " 7:30–17:00 ")
			if err != nil {
				return err
			}
			if _, err := tx.AddHotline(dc, "Y tế phường", "0912 000 111", ""); err != nil {
				return err
			}
			h, err := tx.HotlineByID(id)
			if err != nil || h.UnitID != dc || h.Hours != "7:30–17:00" {
				t.Errorf("HotlineByID = %+v, %v", h, err)
			}
			if err := tx.RemoveHotline(id); err != nil {
				return err
			}
			got, err := tx.HotlinesFor([]int64{dc})
			if want := []string{"0912 000 111"}; !slices.Equal(phones(got[dc]), want) {
				t.Errorf("hotlines %v, want %v", phones(got[dc]), want)
			}
			if err := tx.RemoveHotline(id); !errors.Is(err, ErrNotFound) {
				t.Errorf("second remove = %v, want ErrNotFound", err)
			}
			return err
		})
	})
	t.Run("refuses bad fields and unknown units", func(t *testing.T) {
		for _, tc := range []struct {
			unit         int64
			label, phone string
			want         error
		}{
			{dc, "", "113", ErrInvalid},
			{dc, "Công an", " ", ErrInvalid},
			{dc, "Công an", "gọi 113", ErrInvalid},
			{dc, "Công\u202ean", "113", ErrInvalid},
			{9999, "Công an", "113", ErrNotFound},
		} {
			err := db.Update(t.Context(), func(tx *Tx) error {
				_, err := tx.AddHotline(tc.unit, tc.label, tc.phone, "")
				return err
			})
			if !errors.Is(err, tc.want) {
				t.Errorf("AddHotline(%d, %q, %q) = %v, want %v", tc.unit, tc.label, tc.phone, err, tc.want)
			}
		}
	})
}
