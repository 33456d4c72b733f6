package handlers

import (
	"errors"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// whenNow is the clock of the tests of parseWhen: 08:00 on Monday
// 2 August 2021 in Hà Nội.
var whenNow = time.Date(2021, 8, 2, 1, 0, 0, 0, time.UTC)

func hanoi(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestParseWhen reads the times people type, once or repeating.
func TestParseWhen(t *testing.T) {
	loc := hanoi(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc).UTC() }
	for _, tc := range []struct {
		label, text string
		want        when
		err         error
	}{
		{"a date and time", "25/12/2026 08:00", when{Once: at(2026, 12, 25, 8, 0)}, nil},
		{"a two-digit year", "25/12/26 8h30", when{Once: at(2026, 12, 25, 8, 30)}, nil},
		{"an ISO date", "2026-12-25 08:00", when{Once: at(2026, 12, 25, 8, 0)}, nil},
		{"the clock first", "8:00 ngày 25/12/2026", when{Once: at(2026, 12, 25, 8, 0)}, nil},
		{"a time later today", "20:15", when{Once: at(2021, 8, 2, 20, 15)}, nil},
		{"a time gone today is tomorrow's", "07:30", when{Once: at(2021, 8, 3, 7, 30)}, nil},
		{"tomorrow", "ngày mai 07:30", when{Once: at(2021, 8, 3, 7, 30)}, nil},
		{"tomorrow, without diacritics", "ngay mai luc 7h30", when{Once: at(2021, 8, 3, 7, 30)}, nil},
		{"tomorrow, in English", "tomorrow at 7:30 pm", when{Once: at(2021, 8, 3, 19, 30)}, nil},
		{"the evening", "hôm nay 7 giờ 30 tối", when{Once: at(2021, 8, 2, 19, 30)}, nil},
		{"the day after tomorrow", "ngày kia 9h", when{Once: at(2021, 8, 4, 9, 0)}, nil},
		{"a day without its year", "01/08 08:00", when{Once: at(2022, 8, 1, 8, 0)}, nil},
		{"29 February without its year", "29/02 08:00", when{Once: at(2024, 2, 29, 8, 0)}, nil},
		{"a daily preset", "hằng ngày 08:00", when{Spec: "0 8 * * *"}, nil},
		{"a weekly preset", "thứ Hai 08:00", when{Spec: "0 8 * * 1"}, nil},
		{"a monthly preset", "ngày 1 hằng tháng 09:00", when{Spec: "0 9 1 * *"}, nil},
		{"a cron spec", " 0  8 * * 1-5 ", when{Spec: "0 8 * * 1-5"}, nil},
		{"a descriptor", "@daily", when{Spec: "@daily"}, nil},
		{"earlier today", "hôm nay 07:00", when{Once: at(2021, 8, 2, 7, 0)}, errWhenPast},
		{"a past date", "01/08/2021 08:00", when{Once: at(2021, 8, 1, 8, 0)}, errWhenPast},
		{"now", "hôm nay 08:00", when{Once: at(2021, 8, 2, 8, 0)}, errWhenPast},
		{"31 February", "31/02/2022 08:00", when{}, errWhenBadDate},
		{"a 13th month", "01/13 08:00", when{}, errWhenBadDate},
		{"no such hour", "25:00", when{}, errWhenUnread},
		{"no such minute", "ngày mai 8:75", when{}, errWhenUnread},
		{"13 in the morning", "13h sáng", when{}, errWhenUnread},
		{"every minute of an hour", "* 8 * * *", when{}, errWhenTooOften},
		{"every hour", "@hourly", when{}, errWhenTooOften},
		{"another time zone", "CRON_TZ=UTC 0 8 * * *", when{}, errWhenUnread},
		{"a number", "8", when{}, errWhenUnread},
		{"words", "khi nào rảnh", when{}, errWhenUnread},
		{"nothing", "  ", when{}, errWhenUnread},
		{"a day that never comes", "0 8 30 2 *", when{}, errWhenUnread},
	} {
		t.Run(tc.label, func(t *testing.T) {
			got, err := parseWhen(tc.text, whenNow, loc)
			if !errors.Is(err, tc.err) || (err == nil || tc.err == errWhenPast) && got != tc.want {
				t.Errorf("parseWhen(%q) = %+v, %v; want %+v, %v", tc.text, got, err, tc.want, tc.err)
			}
		})
	}
}

// FuzzParseWhen types anything as the time of a scheduled appeal: it
// never panics, and what it accepts can be scheduled: a time to come,
// on the minute, or a spec with runs to come, at most daily.
func FuzzParseWhen(f *testing.F) {
	for _, seed := range []string{
		"25/12/2026 08:00", "08:00", "ngày mai 07:30", "hằng ngày 08:00", "thứ Hai 08:00",
		"ngày 1 hằng tháng 09:00", "0 8 * * 1-5", "* 8 * * *", "29/02 08:00", "31/02/2022 8h",
		"2026-12-25 08:00", "tomorrow at 7:30 pm", "hôm nay 7 giờ 30 tối", "@daily", "TZ=", "CRON_TZ=x 0 8 * * *",
		"8:00 ngày 25/12/26", "12h đêm", "0 0 29 2 *", "99/99/9999 99:99",
	} {
		f.Add(seed)
	}
	loc := hanoi(f)
	f.Fuzz(func(t *testing.T, text string) {
		w, err := parseWhen(text, whenNow, loc)
		if err != nil {
			if w.Spec != "" || (!w.Once.IsZero() && !errors.Is(err, errWhenPast)) {
				t.Errorf("parseWhen(%q) refused (%v) but returned %+v", text, err, w)
			}
			return
		}
		switch {
		case (w.Spec == "") == w.Once.IsZero():
			t.Errorf("parseWhen(%q) = %+v: neither or both of a time and a spec", text, w)
		case w.Spec == "" && (!w.Once.After(whenNow) || w.Once.Second() != 0 || w.Once.Location() != time.UTC):
			t.Errorf("parseWhen(%q) = %v: not a time to come, on the minute, in UTC", text, w.Once)
		case w.Spec != "" && !storage.AtMostDaily(w.Spec, loc.String(), whenNow):
			t.Errorf("parseWhen(%q) = %q: more than daily", text, w.Spec)
		case w.Spec != "":
			if runs, err := storage.NextRuns(w.Spec, loc.String(), whenNow, 1); err != nil || len(runs) == 0 {
				t.Errorf("parseWhen(%q) = %q: no run to come (%v)", text, w.Spec, err)
			}
		}
	})
}
