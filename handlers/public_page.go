package handlers

import (
	_ "embed"
	"html/template"
	"io"
	"net/url"
	"strings"
	"time"
)

//go:embed public_page.html
var publicPageHTML string

// PageLinks is where the page's links lead: Base is the path the public
// URL is served under ("" at the root of its host), StartLink the link
// that opens the bot with a start parameter ("{param}"; "" when no
// messenger has one).
type PageLinks struct {
	Base      string
	StartLink string
}

// Pages renders public pages: one template set per language.
type Pages struct {
	sets    map[string]*template.Template
	catalog *Catalog
	lang    string // the default language: its links carry no ?lang=
}

// NewPages parses the page's template for every language of the app.
func (a *App) NewPages() *Pages {
	ps := &Pages{sets: map[string]*template.Template{}, catalog: a.Catalog, lang: a.Lang}
	for _, lang := range Languages {
		c := a.Catalog
		funcs := template.FuncMap{
			"T": func(key string, args ...any) template.HTML {
				return template.HTML(c.Text(lang, key, args...)) // the catalogue escapes its string arguments
			},
			"pct":     func(f float64) float64 { return f * 100 },
			"percent": func(f float64) string { return c.Format(lang, "%.0f%%", f*100) },
			"score":   func(f float64) string { return c.Format(lang, "%.1f", f) },
			"ratio":   share,
			"width": func(part, whole int) template.CSS {
				return template.CSS(c.Format("en", "%.1f%%", share(part, whole)*100))
			},
			"add":       func(a, b int) int { return a + b },
			"day":       showDay,
			"join":      func(list []string) string { return strings.Join(list, ", ") },
			"tel":       func(phone string) string { return strings.Map(telRune, phone) },
			"minPeople": func() int { return publicMinPeople },
		}
		ps.sets[lang] = template.Must(template.New("page").Funcs(funcs).Parse(publicPageHTML))
	}
	return ps
}

// telRune keeps what a tel: link holds: digits and a leading plus.
func telRune(r rune) rune {
	if r == '+' || r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// Render writes p as HTML.
func (ps *Pages) Render(w io.Writer, p Page, links PageLinks) error {
	set := ps.sets[p.Lang]
	if set == nil {
		set, p.Lang = ps.sets[ps.lang], ps.lang
	}
	return set.ExecuteTemplate(w, "page", pageView{Page: p, links: links, defLang: ps.lang})
}

// pageView is a page with what its links need.
type pageView struct {
	Page
	links   PageLinks
	defLang string
}

// query is the language part of a link: nothing for the default one.
func (v pageView) query(lang string) string {
	if lang == v.defLang {
		return ""
	}
	return "?lang=" + url.QueryEscape(lang)
}

// Home is the link to the top page.
func (v pageView) Home() string { return v.links.Base + "/" + v.query(v.Lang) }

// UnitURL is the link to a unit's page.
func (v pageView) UnitURL(code string) string {
	return v.links.Base + "/u/" + url.PathEscape(code) + v.query(v.Lang)
}

// Other is the language the switch leads to.
func (v pageView) Other() string {
	for _, l := range Languages {
		if l != v.Lang {
			return l
		}
	}
	return v.Lang
}

// SwitchURL is this page in the other language.
func (v pageView) SwitchURL() string {
	path := v.links.Base + "/"
	if v.Unit.ID != 0 {
		path = v.links.Base + "/u/" + url.PathEscape(v.Unit.Code)
	}
	return path + "?lang=" + v.Other() // explicit, also for the default: it may be remembered
}

// StartURL opens the bot on the unit's deep link ("" when none).
func (v pageView) StartURL() string {
	if v.links.StartLink == "" {
		return ""
	}
	return strings.ReplaceAll(v.links.StartLink, "{param}", url.QueryEscape(v.JoinCode))
}

// QR is the link to the unit's QR code as kind ("png" or "pdf").
func (v pageView) QR(kind string) string {
	return v.links.Base + "/u/" + url.PathEscape(v.Unit.Code) + "/qr." + kind
}

// Icon is the link to the pages' icon.
func (v pageView) Icon() string { return v.links.Base + "/favicon.ico" }

// Media is the link to a kept photo, at most 480 pixels wide.
func (v pageView) Media(hash string) string { return v.links.Base + "/media/" + hash + "?w=480" }

// Clock is when the page was read, in the unit's time zone.
func (v pageView) Clock() string {
	loc := v.Loc
	if loc == nil {
		loc = time.UTC
	}
	return v.Updated.In(loc).Format("15:04 02/01/2006")
}

// Day is a day in the unit's time zone.
func (v pageView) Day(t time.Time) string {
	loc := v.Loc
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("02/01/2006")
}
