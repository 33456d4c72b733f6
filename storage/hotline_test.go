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

func TestValidHotlinePhone(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" = refused
	}{
		// mobiles
		{"0912345678", "0912345678"},
		{" 0912 345 678 ", "0912 345 678"},
		{"0912.345.678", "0912.345.678"},
		{"0912-345-678", "0912-345-678"},
		{"0362 000 111", "0362 000 111"},
		{"0523 000 111", "0523 000 111"},
		{"0703 000 111", "0703 000 111"},
		{"0888 000 111", "0888 000 111"},
		{"+84 912 345 678", "+84 912 345 678"},
		{"+84912345678", "+84912345678"},
		{"84 912 345 678", "84 912 345 678"},
		// landlines
		{"024 3863 1234", "024 3863 1234"},
		{"02438631234", "02438631234"},
		{"028.3829.5555", "028.3829.5555"},
		{"+84 24 3863 1234", "+84 24 3863 1234"},
		{"+84 203 3881 113", "+84 203 3881 113"},
		// emergency and service numbers
		{"113", "113"}, {"114", "114"}, {"115", "115"}, {"111", "111"}, {"112", "112"}, {"1022", "1022"},
		{"1800 1234", "1800 1234"},
		{"1800 599 920", "1800 599 920"},
		{"1900-9095", "1900-9095"},
		{"1900 561 234", "1900 561 234"},
		// refused
		{"", ""},
		{"   ", ""},
		{"116", ""},
		{"11", ""},
		{"1023", ""},
		{"gọi 113", ""},
		{"113a", ""},
		{"0912 345 67", ""},      // 9 digits
		{"0912 345 6789", ""},    // 11 digits, not 02
		{"0123 456 7890", ""},    // an old 11-digit mobile
		{"0162 345 678", ""},     // 01x
		{"0412 345 678", ""},     // no such mobile prefix
		{"0612 345 678", ""},     //
		{"024 3863 123", ""},     // 10 digits starting 02
		{"024 3863 12345", ""},   // 12 digits
		{"+84 0912 345 678", ""}, // the 0 stays behind the country code
		{"+84 162 345 678", ""},
		{"+84 912 345 67", ""},
		{"+1 202 555 0100", ""},
		{"+113", ""},
		{"+1800 1234", ""},
		{"1800 123", ""},
		{"1800 12345", ""},
		{"1800 1234567", ""},
		{"1900", ""},
		{"(024) 3863 1234", ""},
		{"024+3863 1234", ""},
		{"0912 345 678-", ""},
		{"0912  345\t678", ""},
		{"０９１２３４５６７８", ""}, // fullwidth digits
		{"0912 345 678 / 0913 345 678", ""},
		{"84 24 3863 123", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ValidHotlinePhone(tc.in)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("ValidHotlinePhone(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.want != "")
			}
		})
	}
}

func TestHotlinesOf(t *testing.T) {
	db, _ := openSample(t)
	tm, dc := unitID(t, db, "HN-TM"), unitID(t, db, "HN-DC")
	for _, tc := range []struct {
		label string
		unit  int64
		want  []string
		err   error
	}{
		{"gives a unit's own lines, not those above it", tm, []string{"024 3863 1234"}, nil},
		{"gives none for a unit without lines", dc, nil, nil},
		{"reports an unknown unit as not found", 9999, nil, ErrNotFound},
	} {
		t.Run(tc.label, func(t *testing.T) {
			err := db.View(t.Context(), func(tx *Tx) error {
				list, err := tx.HotlinesOf(tc.unit)
				var got []string
				for _, h := range list {
					got = append(got, h.Phone)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("HotlinesOf = %v, want %v", got, tc.want)
				}
				return err
			})
			if !errors.Is(err, tc.err) {
				t.Errorf("HotlinesOf = %v, want %v", err, tc.err)
			}
		})
	}
}
