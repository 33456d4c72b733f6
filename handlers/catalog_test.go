package handlers

import (
	"maps"
	"testing"
	"time"
)

func TestPlaceholders(t *testing.T) {
	same := []struct{ label, a, b string }{
		{"implicit and explicit indexes", "%s %d", "%[1]s %[2]d"},
		{"arguments reordered", "%[2]d %[1]s", "%s %d"},
		{"an argument used twice", "%[1]s, %[1]s and %[2]d", "%s: %d"},
		{"after %[n] the next verb takes n+1", "%[2]s %d %[1]d", "%d %s %d"},
		{"a percent sign", "%d%% of %s", "%d of %s (%%)"},
		{"flags and width", "%-5s %05d %.2f", "%s %d %f"},
	}
	for _, tc := range same {
		t.Run(tc.label+" are the same", func(t *testing.T) {
			a, errA := placeholders(tc.a)
			b, errB := placeholders(tc.b)
			if errA != nil || errB != nil {
				t.Fatalf("errors: %v, %v", errA, errB)
			}
			if !maps.Equal(a, b) {
				t.Errorf("%q has %s, %q has %s", tc.a, describe(a), tc.b, describe(b))
			}
		})
	}
	differ := []struct{ label, a, b string }{
		{"another verb", "%s", "%d"},
		{"a missing argument", "%s %d", "%s"},
		{"an argument left out in the middle", "%[1]s %[3]s", "%s %s %s"},
		{"verbs swapped without indexes", "%s %d", "%d %s"},
	}
	for _, tc := range differ {
		t.Run(tc.label+" differs", func(t *testing.T) {
			a, _ := placeholders(tc.a)
			b, _ := placeholders(tc.b)
			if maps.Equal(a, b) {
				t.Errorf("%q and %q both have %s", tc.a, tc.b, describe(a))
			}
		})
	}
	for _, bad := range []string{"100% sure of %s", "%[x]s", "%[2s", "at the end %"} {
		t.Run("rejects "+bad, func(t *testing.T) {
			if ph, err := placeholders(bad); err == nil {
				t.Errorf("%q: no error, %s", bad, describe(ph))
			}
		})
	}
}

// testCatalog is a small catalogue of its own, so the tests do not
// depend on the words of the features.
func testCatalog() *Catalog {
	return newCatalog([]langSource{{
		"vi": {
			"t.claimed": "%s đã được %s tiếp nhận.",
			"t.total":   "Tổng: %d",
			"t.only_vi": "Chỉ có tiếng Việt: %d",
			"t.plain":   "100% miễn phí",
		},
		"en": {
			"t.claimed": "%[2]s has taken on %[1]s.",
			"t.total":   "Total: %d",
			"t.plain":   "100% free",
		},
	}}, []pluralMessage{
		{"t.checkins", 2,
			map[string]string{"other": "%s: %d lượt điểm danh"},
			map[string]string{"one": "%[2]d check-in by %[1]s", "other": "%[2]d check-ins by %[1]s"}},
	})
}

func TestCatalogText(t *testing.T) {
	c := testCatalog()
	tests := []struct {
		label, lang, key string
		args             []any
		want             string
	}{
		{"a translation reorders its arguments", "en", "t.claimed", []any{"HT-7", "Lan"}, "Lan has taken on HT-7."},
		{"the other language keeps the order", "vi", "t.claimed", []any{"HT-7", "Lan"}, "HT-7 đã được Lan tiếp nhận."},
		{"plain strings are escaped, HTML is not", "en", "t.claimed", []any{"<b>", HTML("<i>Lan</i>")}, "<i>Lan</i> has taken on &lt;b&gt;."},
		{"Vietnamese numbers", "vi", "t.total", []any{12345}, "Tổng: 12.345"},
		{"English numbers", "en", "t.total", []any{12345}, "Total: 12,345"},
		{"missing in English falls back to Vietnamese, numbers too", "en", "t.only_vi", []any{1000}, "Chỉ có tiếng Việt: 1.000"},
		{"an unknown language falls back to Vietnamese", "fr", "t.total", []any{2}, "Tổng: 2"},
		{"missing everywhere gives the key", "en", "t.nowhere", []any{1}, "t.nowhere"},
		{"without arguments a message is as written", "en", "t.plain", nil, "100% free"},
		{"one in English", "en", "t.checkins", []any{"Lan", 1}, "1 check-in by Lan"},
		{"other in English", "en", "t.checkins", []any{"Lan", 2}, "2 check-ins by Lan"},
		{"zero is other in English", "en", "t.checkins", []any{"Lan", 0}, "0 check-ins by Lan"},
		{"a large count", "en", "t.checkins", []any{"Lan & Hùng", 1000}, "1,000 check-ins by Lan &amp; Hùng"},
		{"Vietnamese has one form", "vi", "t.checkins", []any{"Lan", 1}, "Lan: 1 lượt điểm danh"},
	}
	for _, tc := range tests {
		t.Run(tc.label, func(t *testing.T) {
			if got, want := c.Text(tc.lang, tc.key, tc.args...), tc.want; got != want {
				t.Errorf("Text(%q, %q) = %q, want %q", tc.lang, tc.key, got, want)
			}
		})
	}
	t.Run("Has and Keys know plural messages", func(t *testing.T) {
		if !c.Has("en", "t.checkins") || c.Has("en", "t.only_vi") || !c.Has("vi", "t.only_vi") {
			t.Error("Has: wrong answer")
		}
		if got, want := len(c.Keys("vi")), 5; got != want {
			t.Errorf("len(Keys(vi)) = %d, want %d", got, want)
		}
	})
}

func TestCatalogPluralKeys(t *testing.T) {
	c := NewCatalog()
	tests := []struct {
		key    string
		n      int
		en, vi string
	}{
		{"count.checkins", 1, "1 check-in", "1 lượt điểm danh"},
		{"count.checkins", 2, "2 check-ins", "2 lượt điểm danh"},
		{"count.residents", 1, "1 resident", "1 cư dân"},
		{"count.residents", 1500, "1,500 residents", "1.500 cư dân"},
		{"count.deeds", 1, "1 good deed", "1 việc tốt"},
		{"count.deeds", 3, "3 good deeds", "3 việc tốt"},
		{"count.requests", 1, "1 help request", "1 yêu cầu hỗ trợ"},
		{"count.requests", 0, "0 help requests", "0 yêu cầu hỗ trợ"},
		{"count.units", 1, "1 unit", "1 đơn vị"},
		{"count.units", 12, "12 units", "12 đơn vị"},
		{"count.rows", 1, "1 row", "1 dòng"},
		{"count.rows", 2, "2 rows", "2 dòng"},
	}
	for _, tc := range tests {
		if got := c.Text("en", tc.key, tc.n); got != tc.en {
			t.Errorf("en %s %d = %q, want %q", tc.key, tc.n, got, tc.en)
		}
		if got := c.Text("vi", tc.key, tc.n); got != tc.vi {
			t.Errorf("vi %s %d = %q, want %q", tc.key, tc.n, got, tc.vi)
		}
	}
}

func TestDuration(t *testing.T) {
	co := &core{Catalog: NewCatalog()}
	tests := []struct {
		d      time.Duration
		en, vi string
	}{
		{0, "0 minutes", "0 phút"},
		{time.Minute, "1 minute", "1 phút"},
		{45 * time.Minute, "45 minutes", "45 phút"},
		{time.Hour + 30*time.Minute, "1 hour", "1 giờ"},
		{47 * time.Hour, "47 hours", "47 giờ"},
		{48 * time.Hour, "2 days", "2 ngày"},
		{49 * time.Hour, "2 days 1 hour", "2 ngày 1 giờ"},
		{24*1001*time.Hour + 5*time.Hour, "1,001 days 5 hours", "1.001 ngày 5 giờ"},
	}
	for _, tc := range tests {
		if got := co.duration("en", tc.d); got != tc.en {
			t.Errorf("duration(en, %v) = %q, want %q", tc.d, got, tc.en)
		}
		if got := co.duration("vi", tc.d); got != tc.vi {
			t.Errorf("duration(vi, %v) = %q, want %q", tc.d, got, tc.vi)
		}
	}
}

// BenchmarkCatalogText formats a few typical messages: escaped text,
// numbers written the language's way, a count and a message without
// arguments.
func BenchmarkCatalogText(b *testing.B) {
	c := NewCatalog()
	b.ReportAllocs()
	for b.Loop() {
		for _, lang := range Languages {
			c.Text(lang, "checkin.participation", "Tổ <1>", 1234, 5678)
			c.Text(lang, "support.state_claimed", "Lan & Hùng", HTML("<b>08:00</b>"))
			c.Text(lang, "time.minutes", 5)
			c.Text(lang, "checkin.health")
		}
	}
}
