package handlers

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"sync"

	stdfont "golang.org/x/image/font"
	"golang.org/x/text/unicode/norm"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/chungsuc/chungsuc/storage"
)

// chartWidth and chartHeight are the size of a participation chart in
// pixels: a 4:5 portrait that a phone shows across its whole width, and
// that Telegram keeps sharp (it scales photos to 1280 pixels at most).
const chartWidth, chartHeight = 1024, 1280

// chartMaxBars is the most bars a chart draws. Bars past it are left off
// without a note: a caller with more units sends more than one chart.
const chartMaxBars = 40

// chartDPI makes one point one pixel, so every length below reads in pixels.
const chartDPI = 72

// The chart's fixed lengths, in pixels.
const (
	chartMargin     = 32  // blank edge around everything
	chartNameShare  = 0.4 // widest unit name, as a share of chartWidth
	chartRowMax     = 88  // tallest row, so a few bars do not float apart
	chartBarMax     = 56  // thickest bar, so a few bars do not look like slabs
	chartValueGap   = 8   // between a bar's end and its percentage
	chartNameGap    = 14  // between a name and its bar
	chartTitleSize  = 34
	chartTitleGap   = 28 // between the title and the plot
	chartAxisSize   = 20 // axis name and its percentages
	chartMinBarText = 16 // unit names and values, with many bars
	chartMaxBarText = 28 // unit names and values, with few bars
)

// The chart's colours: dark text, quieter axis text, light grid, one blue.
var (
	chartInk   = color.RGBA{R: 0x1f, G: 0x29, B: 0x33, A: 0xff}
	chartMuted = color.RGBA{R: 0x52, G: 0x60, B: 0x6d, A: 0xff}
	chartGrid  = color.RGBA{R: 0xdf, G: 0xe3, B: 0xe8, A: 0xff}
	chartBlue  = color.RGBA{R: 0x2f, G: 0x6f, B: 0xb7, A: 0xff}
)

// chartFonts holds the Liberation Sans faces every chart draws with. They
// are compiled into the binary and have a glyph for every Vietnamese letter
// (chart_test.go checks), so no diacritic depends on the host's fonts. The
// cache is the chart's own, built once and only read after, so charts drawn
// in parallel share it without touching gonum's package defaults.
var chartFonts = sync.OnceValue(func() *font.Cache {
	return font.NewCache(liberation.Collection())
})

// chartBar is one unit's bar: its name and a share between 0 and 1.
type chartBar struct {
	Label string
	Value float64
}

// participationChart draws the bars as a PNG of chartWidth x chartHeight
// pixels: the title on top, then one horizontal bar per unit, first at the
// top, its name on the left and its share as a percentage at its end, on an
// axis from 0 to 100 % named by axis. It keeps the given order and draws
// only the first chartMaxBars bars; names and the title too wide for their
// room end in "…". The same input always gives the same bytes. It returns
// an error wrapping storage.ErrInvalid when there are no bars or a share is
// not a number from 0 to 1.
func participationChart(title, axis string, bars []chartBar) (data []byte, err error) {
	bars = bars[:min(len(bars), chartMaxBars)]
	if err := checkChartBars(bars); err != nil {
		return nil, err
	}
	// gonum panics on font trouble; a digest should lose its picture, not its job.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("participation chart: %v", r)
		}
	}()

	c := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(chartDPI))
	area := drawChartTitle(draw.New(c), title)
	p := plot.New()
	styleChartAxes(p, axis)
	rows := newChartRows(p, area, bars)
	bar, err := plotter.NewBarChart(rows.values, rows.bar)
	if err != nil {
		return nil, fmt.Errorf("participation chart: %w", err)
	}
	bar.Horizontal, bar.Color, bar.LineStyle.Width = true, chartBlue, 0
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	grid.Vertical = draw.LineStyle{Color: chartGrid, Width: 1.5}
	p.Add(grid, bar, rows)
	p.X.Min, p.X.Max = 0, 1 // Add widened the axes to the data; pin them back.
	p.Y.Min, p.Y.Max = -0.5, float64(len(bars))-0.5
	// A few bars keep their rows' height and stand at the top, under the title.
	p.Draw(draw.Crop(area, rows.nameWidth()+chartNameGap, 0, rows.spare, 0))

	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("participation chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// checkChartBars returns an error wrapping storage.ErrInvalid when there
// are no bars or a share is not a number from 0 to 1.
func checkChartBars(bars []chartBar) error {
	if len(bars) == 0 {
		return fmt.Errorf("participation chart: no bars: %w", storage.ErrInvalid)
	}
	for _, b := range bars {
		if !(b.Value >= 0 && b.Value <= 1) {
			return fmt.Errorf("participation chart: share %v of %q: %w", b.Value, b.Label, storage.ErrInvalid)
		}
	}
	return nil
}

// drawChartTitle writes the title at the top left of the canvas and returns
// the area left for the plot. The right margin keeps room for the
// percentage of a full bar, which is drawn past the end of the axis.
func drawChartTitle(c draw.Canvas, title string) draw.Canvas {
	value := chartStyle(chartMaxBarText, false, chartInk)
	right := chartMargin + chartValueGap + value.Width(chartPercent(1))
	area := draw.Crop(c, chartMargin, -right, chartMargin, -chartMargin)

	title = chartText(title)
	if title == "" {
		return area
	}
	sty := chartStyle(chartTitleSize, true, chartInk)
	sty.YAlign = draw.YTop
	title = fitChartText(title, sty, c.Size().X-2*chartMargin)
	area.FillText(sty, vg.Point{X: area.Min.X, Y: area.Max.Y}, title)
	area.Max.Y -= sty.Height(title) + chartTitleGap
	return area
}

// styleChartAxes gives the horizontal axis a percentage every 20 %, marked
// by a grid line rather than a tick, and its name, axis, below them. It
// hides the vertical axis: chartRows writes the unit names itself.
func styleChartAxes(p *plot.Plot, axis string) {
	p.X.Width, p.X.Tick.Length, p.X.Padding = 0, 0, 8
	p.X.Label.TextStyle = chartStyle(chartAxisSize, false, chartMuted)
	p.X.Label.Text = fitChartText(chartText(axis), p.X.Label.TextStyle, chartWidth-2*chartMargin)
	p.X.Label.Padding = 12
	p.X.Tick.Label = chartStyle(chartAxisSize, false, chartMuted)
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	var ticks []plot.Tick
	for pct := 0; pct <= 100; pct += 20 {
		ticks = append(ticks, plot.Tick{Value: float64(pct) / 100, Label: fmt.Sprintf("%d %%", pct)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Width, p.Y.Tick.Length, p.Y.Padding = 0, 0, 0
	p.Y.Tick.Marker = plot.ConstantTicks(nil)
}

// chartRows writes what each row says: the unit's name, right-aligned left
// of the plot, and its percentage just past the end of its bar, on a white
// patch so that no grid line crosses it. Row 0 is the bottom row. It has
// no glyph boxes on purpose: participationChart reserves the room for the
// names and for a full bar's percentage itself, so the plot keeps its
// width whatever the values.
type chartRows struct {
	names  []string
	values plotter.Values
	style  text.Style // of names and percentages
	bar    vg.Length  // thickness of a bar
	spare  vg.Length  // height left under the rows, when few rows fill the area
}

// newChartRows lays the bars out in rows of the plot's data area in area,
// first bar at the top. Text and bars grow with the room a row gets, up to
// a limit; names wider than their room end in "…".
func newChartRows(p *plot.Plot, area draw.Canvas, bars []chartBar) chartRows {
	n := len(bars)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	row := p.DataCanvas(area).Size().Y / vg.Length(n)
	r := chartRows{
		names:  make([]string, n),
		values: make(plotter.Values, n),
		style:  chartStyle(min(max(row*0.6, chartMinBarText), chartMaxBarText), false, chartInk),
	}
	r.style.YAlign = draw.YCenter
	for i, b := range bars {
		r.names[n-1-i] = fitChartText(chartText(b.Label), r.style, chartWidth*chartNameShare)
		r.values[n-1-i] = b.Value
	}

	// Axis text is quieter than the rows, so never bigger than theirs; being
	// smaller, it leaves the rows a little more room.
	axis := min(r.style.Font.Size, chartAxisSize)
	p.X.Tick.Label.Font.Size, p.X.Label.TextStyle.Font.Size = axis, axis
	room := p.DataCanvas(area).Size().Y
	row = min(room/vg.Length(n), chartRowMax)
	r.bar = min(row*0.7, chartBarMax)
	r.spare = room - row*vg.Length(n)
	return r
}

// nameWidth is the width of the widest name.
func (r chartRows) nameWidth() vg.Length {
	var w vg.Length
	for _, name := range r.names {
		w = max(w, r.style.Width(name))
	}
	return w
}

// Plot draws the names and percentages; it implements plot.Plotter.
func (r chartRows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	name := r.style
	name.XAlign = draw.XRight
	for i, v := range r.values {
		y := trY(float64(i))
		c.FillText(name, vg.Point{X: c.Min.X - chartNameGap, Y: y}, r.names[i])

		pct := chartPercent(v)
		at := vg.Point{X: trX(v) + chartValueGap, Y: y}
		box := r.style.Rectangle(pct).Add(at)
		box.Min.X -= chartValueGap / 2
		box.Max.X += chartValueGap / 2
		c.FillPolygon(color.White, []vg.Point{box.Min, {X: box.Min.X, Y: box.Max.Y}, box.Max, {X: box.Max.X, Y: box.Min.Y}})
		c.FillText(r.style, at, pct)
	}
}

// chartPercent writes a share as a whole percentage, "87 %". It shows
// 100 % only when everyone took part and 0 % only when no one did, so a
// unit one person short of complete never reads as complete.
func chartPercent(share float64) string {
	pct := math.Round(share * 100)
	switch {
	case share < 1 && pct == 100:
		pct = 99
	case share > 0 && pct == 0:
		pct = 1
	}
	return fmt.Sprintf("%d %%", int(pct))
}

// chartStyle is the Liberation Sans text style of the given size, weight
// and colour, drawn through the chart's own font cache.
func chartStyle(size vg.Length, bold bool, ink color.Color) text.Style {
	fnt := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		fnt.Weight = stdfont.WeightBold
	}
	return text.Style{Color: ink, Font: fnt, Handler: text.Plain{Fonts: chartFonts()}}
}

// chartText makes a caller's string safe to draw: composed (NFC), so that
// each Vietnamese letter is one glyph with its marks placed by the font
// rather than loose combining marks, and on one line with single spaces.
func chartText(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// fitChartText returns s if it fits in width, else its longest start that
// fits with "…" after it.
func fitChartText(s string, sty text.Style, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	n := sort.Search(len(r), func(n int) bool {
		return sty.Width(strings.TrimRight(string(r[:n+1]), " ")+"…") > width
	})
	return strings.TrimRight(string(r[:n]), " ") + "…"
}
