package handlers

import (
	"fmt"
	"html"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Languages the catalogue speaks; the first is the fallback.
var Languages = []string{"vi", "en"}

// HTML marks a catalogue argument that is already safe HTML (a fragment
// built from other catalogue messages); every other string argument is
// escaped.
type HTML string

// Catalog holds every user-visible message in every language. Messages are
// HTML with fmt verbs; string arguments are escaped before they are
// placed, so user-supplied text can never break the markup.
type Catalog struct {
	msgs map[string]map[string]string
	// printers format each language's numbers its own way: 5.624 in
	// Vietnamese, 5,624 in English.
	printers map[string]*message.Printer
}

// catalogue lists each feature's words, in Vietnamese and in English; each
// feature keeps its words beside its code, in a *_text.go file.
var catalogue = []struct{ vi, en map[string]string }{
	{vi, en},
	{viCommon, enCommon},
	{viProfile, enProfile},
	{viCheckin, enCheckin},
	{viFamily, enFamily},
	{viDeed, enDeed},
	{viSupport, enSupport},
	{viPrivacy, enPrivacy},
	{viLink, enLink},
	{viSchedule, enSchedule},
	{viQueue, enQueue},
	{viRole, enRole},
	{viAppeal, enAppeal},
	{viCoordinator, enCoordinator},
	{viCampaign, enCampaign},
	{viTop, enTop},
	{viDigest, enDigest},
	{viExport, enExport},
}

// NewCatalog returns the catalogue of Chung Sức. A key registered twice
// for one language panics: it is a programming error the tests catch.
func NewCatalog() *Catalog {
	c := &Catalog{msgs: map[string]map[string]string{}, printers: map[string]*message.Printer{}}
	for _, l := range Languages {
		c.printers[l] = message.NewPrinter(language.Make(l))
	}
	for _, lang := range Languages {
		all := map[string]string{}
		for _, pair := range catalogue {
			m := pair.vi
			if lang == "en" {
				m = pair.en
			}
			for k, v := range m {
				if _, dup := all[k]; dup {
					panic("catalogue key registered twice: " + lang + " " + k)
				}
				all[k] = v
			}
		}
		c.msgs[lang] = all
	}
	return c
}

// Text returns message key in lang (falling back to Vietnamese, then to
// the key itself), with args escaped and placed, and numbers written the
// language's way (1.000 in Vietnamese, 1,000 in English).
func (c *Catalog) Text(lang, key string, args ...any) string {
	tmpl, ok := c.msgs[lang][key]
	if !ok {
		lang = "vi"
		if tmpl, ok = c.msgs["vi"][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return tmpl
	}
	safe := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case HTML:
			safe[i] = string(v)
		case string:
			safe[i] = html.EscapeString(v)
		default:
			safe[i] = v
		}
	}
	if p, ok := c.printers[lang]; ok {
		return p.Sprintf(tmpl, safe...)
	}
	return fmt.Sprintf(tmpl, safe...)
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Keys lists the keys of lang.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	return keys
}

// normLang maps a platform language code ("vi", "en-US") to a catalogue
// language, or "" if the catalogue does not speak it.
func normLang(code string) string {
	code = strings.ToLower(code)
	for _, l := range Languages {
		if code == l || strings.HasPrefix(code, l+"-") || strings.HasPrefix(code, l+"_") {
			return l
		}
	}
	return ""
}
