package handlers

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExportArgs types anything after /export: the parser never panics;
// what it accepts is a known kind and format over a range that starts no
// later than today, ends no earlier than it starts and spans at most
// MaxExportDays; what it refuses comes with a reason both languages of
// the catalogue can say.
func FuzzExportArgs(f *testing.F) {
	for _, seed := range []string{
		"", "deeds", "viectot", "việctốt 01/07/2021 31/07/2021", "diemdanh 2021-07-01 csv", "hotro 01/07 excel",
		"checkins 29/02/2020 28/02/2021", "requests 31/02/2021", "deeds 01/01/2020 31/12/2020", "deeds 1/1/2021 1/1/2022",
		"khaibao 02/08/2021 01/08/2021", "yeucau 03/08/2021", "deeds 01/07 02/07 03/07", "thongke", "deeds 0/0/0000",
		"deeds 99/99", "DEEDS CSV 01.07.2021", "deeds 01-07-2021 -", "deeds 9999-12-31",
	} {
		f.Add(seed)
	}
	cat := NewCatalog()
	today := time.Date(2021, 8, 2, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, args string) {
		if !utf8.ValidString(args) {
			return
		}
		a, err := parseExportArgs(args, today)
		if err != nil {
			var ee *ExportError
			if !errors.As(err, &ee) {
				t.Fatalf("%q: an error that is no refusal: %v", args, err)
			}
			if !cat.Has("vi", ee.Key) || !cat.Has("en", ee.Key) || ee.Error() == "" {
				t.Fatalf("%q: refused with %q, which the catalogue cannot say", args, ee.Key)
			}
			return
		}
		if _, ok := exportColumns[a.Kind]; !ok || (a.Format != FormatXLSX && a.Format != FormatCSV) {
			t.Fatalf("%q: kind %q, format %q", args, a.Kind, a.Format)
		}
		days := int(a.To.Sub(a.From).Hours()/24) + 1
		if a.From.After(today) || a.From.After(a.To) || days > MaxExportDays {
			t.Fatalf("%q: accepted %s to %s (%d days)", args, a.From.Format(time.DateOnly), a.To.Format(time.DateOnly), days)
		}
		if a.From.Hour() != 0 || a.From.Location() != time.UTC || a.To.Hour() != 0 {
			t.Fatalf("%q: dates that are not calendar dates: %v, %v", args, a.From, a.To)
		}
	})
}

// TestParseExportArgs reads the ways people write what they want.
func TestParseExportArgs(t *testing.T) {
	today := time.Date(2021, 8, 2, 0, 0, 0, 0, time.UTC)
	day := func(s string) time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return d
	}
	for _, c := range []struct {
		label, args    string
		kind           ExportKind
		from, to, form string
	}{
		{"the last 30 days", "viectot", ExportDeeds, "2021-07-04", "2021-08-02", FormatXLSX},
		{"accents and case", "ViệcTốt CSV", ExportDeeds, "2021-07-04", "2021-08-02", FormatCSV},
		{"from a day to today", "diemdanh 01/07/2021", ExportCheckins, "2021-07-01", "2021-08-02", FormatXLSX},
		{"ISO dates", "checkins 2021-07-01 2021-07-31 csv", ExportCheckins, "2021-07-01", "2021-07-31", FormatCSV},
		{"day and month of this year", "hotro 1/7 15.07", ExportRequests, "2021-07-01", "2021-07-15", FormatXLSX},
		{"the format anywhere", "requests csv 01/08/2021", ExportRequests, "2021-08-01", "2021-08-02", FormatCSV},
		{"a leap year whole", "deeds 01/01/2020 31/12/2020", ExportDeeds, "2020-01-01", "2020-12-31", FormatXLSX},
		{"a last day to come", "deeds 01/08/2021 31/08/2021", ExportDeeds, "2021-08-01", "2021-08-31", FormatXLSX},
	} {
		a, err := parseExportArgs(c.args, today)
		if err != nil {
			t.Errorf("%s: %q: %v", c.label, c.args, err)
			continue
		}
		if a.Kind != c.kind || !a.From.Equal(day(c.from)) || !a.To.Equal(day(c.to)) || a.Format != c.form {
			t.Errorf("%s: %q gives %s %s–%s %s", c.label, c.args, a.Kind, a.From.Format(time.DateOnly),
				a.To.Format(time.DateOnly), a.Format)
		}
	}
	for _, c := range []struct{ args, key string }{
		{"", "export.usage"},
		{"reports", "export.bad_kind"},
		{"deeds 30/02/2021", "export.bad_date"},
		{"deeds 01/01/2020 01/01/2021", "export.too_long"},
		{"deeds 03/08/2021", "export.future"},
		{"deeds 02/08/2021 01/08/2021", "export.reversed"},
		{"deeds 01/07 02/07 03/07", "export.too_many"},
	} {
		var ee *ExportError
		if _, err := parseExportArgs(c.args, today); !errors.As(err, &ee) || ee.Key != c.key {
			t.Errorf("%q: %v, want %s", c.args, err, c.key)
		}
	}
}
