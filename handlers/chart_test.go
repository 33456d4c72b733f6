package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/vg"

	"github.com/chungsuc/chungsuc/storage"
)

// chartUnits are twelve real-looking Vietnamese unit names, long and short,
// with stacked tone marks, as a ward's digest would chart them.
var chartUnits = []string{
	"Tổ dân phố số 12",
	"Phường Bến Nghé",
	"Khu phố 3 – Phường Đa Kao",
	"Tổ dân phố số 7, Khu phố Ngữ Văn Hưởng Quốc Việt Mỹ Đức",
	"Ấp Đông Thạnh",
	"Xã Tân Nhựt",
	"Tổ 4 – Khu dân cư Nguyễn Hữu Cảnh",
	"Thị trấn Củ Chi",
	"Đội tình nguyện Thanh niên Ưởng Đặng",
	"Chi hội Phụ nữ Ỹ Ẫ Ặ",
	"Tổ 1",
	"Khu phố Bình Thới – Tổ dân phố liên gia số 21 kéo dài quá mức",
}

// chartSample is n bars named after chartUnits (numbered past twelve),
// with shares spread from 1 down to 0.
func chartSample(n int) []chartBar {
	bars := make([]chartBar, n)
	for i := range bars {
		name := chartUnits[i%len(chartUnits)]
		if i >= len(chartUnits) {
			name = fmt.Sprintf("%s (%d)", name, i+1)
		}
		share := 1.0
		if n > 1 {
			share = 1 - float64(i)/float64(n-1)
		}
		bars[i] = chartBar{Label: name, Value: share}
	}
	return bars
}

// decodeChart decodes a chart's PNG and fails the test unless it has the
// chart's size.
func decodeChart(t testing.TB, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	if got, want := img.Bounds(), image.Rect(0, 0, chartWidth, chartHeight); got != want {
		t.Fatalf("size = %v, want %v", got, want)
	}
	return img
}

// writeChartSample writes data to name in the directory named by
// CHUNGSUC_CHART_OUT, if it is set, so a person can look at the chart.
func writeChartSample(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := os.Getenv("CHUNGSUC_CHART_OUT")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// bluePixels counts the pixels painted in the bars' colour.
func bluePixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == uint32(chartBlue.R) && g>>8 == uint32(chartBlue.G) && bl>>8 == uint32(chartBlue.B) {
				n++
			}
		}
	}
	return n
}

func TestParticipationChartDrawsBars(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 12, 40} {
		t.Run(fmt.Sprintf("%d bars", n), func(t *testing.T) {
			t.Parallel()
			data, err := participationChart("Tỷ lệ điểm danh hôm nay", "Người đã điểm danh", chartSample(n))
			if err != nil {
				t.Fatal(err)
			}
			img := decodeChart(t, data)
			if bluePixels(img) == 0 {
				t.Error("no bar painted")
			}
			writeChartSample(t, fmt.Sprintf("chart-%d.png", n), data)
		})
	}
}

func TestParticipationChartWithoutTitleOrAxisName(t *testing.T) {
	t.Parallel()
	data, err := participationChart("", " \n", chartSample(3))
	if err != nil {
		t.Fatal(err)
	}
	if bluePixels(decodeChart(t, data)) == 0 {
		t.Error("no bar painted")
	}
}

func TestParticipationChartCapsBars(t *testing.T) {
	t.Parallel()
	bars := chartSample(chartMaxBars + 5)
	capped, err := participationChart("Tỷ lệ", "Người", bars[:chartMaxBars])
	if err != nil {
		t.Fatal(err)
	}
	all, err := participationChart("Tỷ lệ", "Người", bars)
	if err != nil {
		t.Fatal(err)
	}
	decodeChart(t, all)
	if !bytes.Equal(all, capped) {
		t.Errorf("%d bars drew differently from their first %d", len(bars), chartMaxBars)
	}
}

func TestParticipationChartExtremeShares(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		label string
		share float64
		blue  bool
	}{
		{"no one paints no bar", 0, false},
		{"everyone paints a full bar", 1, true},
	} {
		t.Run(tc.label, func(t *testing.T) {
			t.Parallel()
			bars := []chartBar{{"Phường Bến Nghé", tc.share}, {"Tổ dân phố số 12", tc.share}}
			data, err := participationChart("Tỷ lệ điểm danh hôm nay", "Người", bars)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := bluePixels(decodeChart(t, data)) > 0, tc.blue; got != want {
				t.Errorf("bar painted = %v, want %v", got, want)
			}
		})
	}
}

func TestParticipationChartIsDeterministic(t *testing.T) {
	t.Parallel()
	first, err := participationChart("Tỷ lệ điểm danh hôm nay", "Người", chartSample(12))
	if err != nil {
		t.Fatal(err)
	}
	again, err := participationChart("Tỷ lệ điểm danh hôm nay", "Người", chartSample(12))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Error("the same bars drew two different images")
	}
}

func TestParticipationChartRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		label string
		bars  []chartBar
	}{
		{"no bars", nil},
		{"an empty list", []chartBar{}},
		{"a share above 1", []chartBar{{"Tổ 1", 1.01}}},
		{"a negative share", []chartBar{{"Tổ 1", -0.1}}},
		{"a share that is not a number", []chartBar{{"Tổ 1", 0.5}, {"Tổ 2", math.NaN()}}},
		{"an infinite share", []chartBar{{"Tổ 1", math.Inf(1)}}},
	} {
		t.Run(tc.label, func(t *testing.T) {
			t.Parallel()
			data, err := participationChart("Tỷ lệ", "Người", tc.bars)
			if !errors.Is(err, storage.ErrInvalid) {
				t.Errorf("error = %v, want storage.ErrInvalid", err)
			}
			if data != nil {
				t.Errorf("got %d bytes of image with the error", len(data))
			}
		})
	}
}

func TestChartFontCoversVietnamese(t *testing.T) {
	t.Parallel()
	lower := "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz"
	alphabet := lower + strings.ToUpper(lower) + "0123456789 %–…,.:;()/-"
	// 29 letters, plus f j w z of loan words, plus 12 vowels x 5 tone marks.
	if got, want := len([]rune(lower)), 29+4+12*5; got != want {
		t.Fatalf("lower-case alphabet has %d letters, want %d", got, want)
	}
	for _, bold := range []bool{false, true} {
		t.Run(fmt.Sprintf("bold %v", bold), func(t *testing.T) {
			t.Parallel()
			sty := chartStyle(20, bold, chartInk)
			if !chartFonts().Has(sty.Font) {
				t.Fatalf("chart font cache lacks %v", sty.Font.Name())
			}
			face := chartFonts().Lookup(sty.Font, sty.Font.Size).Face
			var buf sfnt.Buffer
			for _, r := range alphabet {
				if unicode.IsSpace(r) {
					continue
				}
				if i, err := face.GlyphIndex(&buf, r); err != nil || i == 0 {
					t.Errorf("%s has no glyph for %q (U+%04X): index %d, %v", sty.Font.Name(), r, r, i, err)
				}
			}
		})
	}
}

func TestChartText(t *testing.T) {
	t.Parallel()
	// "Người" typed decomposed: u + horn, o + horn + grave as combining marks.
	decomposed := "Ngu\u031bo\u031b\u0300i\n  ta"
	if got, want := chartText(decomposed), "Người ta"; got != want {
		t.Errorf("chartText(%q) = %q, want %q", decomposed, got, want)
	}
}

func TestFitChartText(t *testing.T) {
	t.Parallel()
	sty := chartStyle(20, false, chartInk)
	for _, tc := range []struct {
		label string
		text  string
		width vg.Length
		want  string
	}{
		{"a short name is kept", "Tổ 1", 400, "Tổ 1"},
		{"a long name ends in an ellipsis", strings.Repeat("Phường Bến Nghé ", 10), 200, ""},
		{"no room leaves the ellipsis", "Phường Bến Nghé", 1, "…"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			t.Parallel()
			got := fitChartText(tc.text, sty, tc.width)
			if tc.want != "" && got != tc.want {
				t.Errorf("fitChartText = %q, want %q", got, tc.want)
			}
			if tc.want == "" && (!strings.HasSuffix(got, "…") || sty.Width(got) > tc.width) {
				t.Errorf("fitChartText = %q (%.0f wide), want an ellipsis within %.0f", got, sty.Width(got), tc.width)
			}
		})
	}
}

func TestChartPercent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		share float64
		want  string
	}{
		{0, "0 %"},
		{0.001, "1 %"},
		{0.87, "87 %"},
		{0.874, "87 %"},
		{0.996, "99 %"},
		{1, "100 %"},
	} {
		if got := chartPercent(tc.share); got != tc.want {
			t.Errorf("chartPercent(%v) = %q, want %q", tc.share, got, tc.want)
		}
	}
}

func BenchmarkParticipationChart(b *testing.B) {
	bars := chartSample(30)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := participationChart("Tỷ lệ điểm danh hôm nay", "Người đã điểm danh", bars); err != nil {
			b.Fatal(err)
		}
	}
}
