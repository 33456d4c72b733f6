package handlers

import (
	"fmt"
	"html"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
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
//
// A translation may place the arguments in its own order with explicit
// indexes: "%[2]s took on %[1]s" in one language and "%s … %s" in the
// other read the same arguments, and an argument may be used twice
// ("%[1]s … %[1]s"); as in fmt, a verb without an index that follows
// %[n] takes argument n+1. Every language must use the same arguments
// with the same verbs; the tests check it.
//
// A message that counts something (English "1 check-in", "2 check-ins")
// is a plural message, listed in catalog_plural.go: its forms are chosen
// by one argument, the count, following each language's plural rules.
type Catalog struct {
	// plain holds each language's plain messages as written: a message
	// given no arguments is returned as it is, unformatted.
	plain map[string]map[string]string
	// counted holds the keys of each language's plural messages.
	counted map[string]map[string]bool
	// printers format each language's messages from the catalogue, and
	// its numbers its own way: 5.624 in Vietnamese, 5,624 in English.
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
	{viPublic, enPublic},
	{viQR, enQR},
	{viSchedule, enSchedule},
	{viQueue, enQueue},
	{viRole, enRole},
	{viAppeal, enAppeal},
	{viCoordinator, enCoordinator},
	{viCampaign, enCampaign},
	{viTop, enTop},
	{viDigest, enDigest},
	{viExport, enExport},
	{viStatus, enStatus},
	{viVaccine, enVaccine},
	{viPractice, enPractice},
}

// NewCatalog returns the catalogue of Chung Sức: the words of every
// feature and the plural messages. A key registered twice for one
// language, or a message x/text cannot compile (a plural form the
// language does not have), panics: it is a programming error the tests
// catch. A Catalog is read-only, so every call returns the same one.
func NewCatalog() *Catalog { return theCatalog() }

// theCatalog builds the catalogue once: compiling every message takes a
// few milliseconds, and the tests start many apps.
var theCatalog = sync.OnceValue(func() *Catalog {
	sources := make([]langSource, len(catalogue))
	for i, pair := range catalogue {
		sources[i] = langSource{"vi": pair.vi, "en": pair.en}
	}
	return newCatalog(sources, plurals)
})

// langSource is one feature's words: each language's messages by key.
type langSource map[string]map[string]string

// newCatalog builds a catalogue of the plain messages of sources and the
// plural messages counted.
func newCatalog(sources []langSource, counted []pluralMessage) *Catalog {
	c := &Catalog{
		plain:    map[string]map[string]string{},
		counted:  map[string]map[string]bool{},
		printers: map[string]*message.Printer{},
	}
	b := catalog.NewBuilder()
	for _, lang := range Languages {
		tag := language.Make(lang)
		plain, plural := map[string]string{}, map[string]bool{}
		for _, src := range sources {
			for k, v := range src[lang] {
				if _, dup := plain[k]; dup {
					panic("catalogue key registered twice: " + lang + " " + k)
				}
				plain[k] = v
				if err := b.SetString(tag, k, v); err != nil {
					panic(fmt.Sprintf("catalogue %s %s: %v", lang, k, err))
				}
			}
		}
		for _, m := range counted {
			forms := m.forms(lang)
			if forms == nil {
				continue
			}
			if _, dup := plain[m.key]; dup || plural[m.key] {
				panic("catalogue key registered twice: " + lang + " " + m.key)
			}
			plural[m.key] = true
			if err := b.Set(tag, m.key, m.message(forms)); err != nil {
				panic(fmt.Sprintf("catalogue %s %s: %v", lang, m.key, err))
			}
		}
		c.plain[lang], c.counted[lang] = plain, plural
		c.printers[lang] = message.NewPrinter(tag, message.Catalog(b))
	}
	return c
}

// Text returns message key in lang (falling back to Vietnamese, then to
// the key itself), with args escaped and placed, and numbers written the
// language's way (1.000 in Vietnamese, 1,000 in English). A plural
// message picks its form by its count argument.
func (c *Catalog) Text(lang, key string, args ...any) string {
	// Fall back before formatting: given a key it does not hold, x/text
	// would format the key itself.
	if !c.Has(lang, key) {
		if lang = Languages[0]; !c.Has(lang, key) {
			return key
		}
	}
	if len(args) == 0 {
		if tmpl, ok := c.plain[lang][key]; ok {
			return tmpl
		}
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
	return c.printers[lang].Sprintf(key, safe...)
}

// Format formats numbers the way lang writes them (format is not a key).
func (c *Catalog) Format(lang, format string, args ...any) string {
	p := c.printers[lang]
	if p == nil {
		p = c.printers[Languages[0]]
	}
	return p.Sprintf(format, args...)
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	if _, ok := c.plain[lang][key]; ok {
		return true
	}
	return c.counted[lang][key]
}

// Keys lists the keys of lang, plain and plural.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.plain[lang])+len(c.counted[lang]))
	for k := range c.plain[lang] {
		keys = append(keys, k)
	}
	for k := range c.counted[lang] {
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
