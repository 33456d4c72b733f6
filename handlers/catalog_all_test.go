package handlers

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestEveryCatalogueSpeaksBothLanguages checks each feature's words and
// each plural message: every key in Vietnamese has English, and the
// reverse, and both use the same arguments with the same verbs, in
// whatever order (see placeholders); every form of a plural message uses
// the same ones, the count among them as %d.
func TestEveryCatalogueSpeaksBothLanguages(t *testing.T) {
	for _, pair := range catalogue {
		for key, vi := range pair.vi {
			en, ok := pair.en[key]
			if !ok {
				t.Errorf("%s: no English", key)
				continue
			}
			checkSamePlaceholders(t, key, map[string]string{"vi": vi, "en": en})
		}
		for key := range pair.en {
			if _, ok := pair.vi[key]; !ok {
				t.Errorf("%s: no Vietnamese", key)
			}
		}
	}
	for _, m := range plurals {
		if len(m.vi) == 0 {
			t.Errorf("%s: no Vietnamese", m.key)
		}
		if len(m.en) == 0 {
			t.Errorf("%s: no English", m.key)
		}
		forms := map[string]string{}
		for _, lang := range Languages {
			if _, ok := m.forms(lang)["other"]; !ok && len(m.forms(lang)) > 0 {
				t.Errorf("%s: no %q form in %s", m.key, "other", lang)
			}
			for f, text := range m.forms(lang) {
				forms[lang+" "+f] = text
			}
		}
		ph := checkSamePlaceholders(t, m.key, forms)
		if ph != nil && !ph[placeholder{m.arg, 'd'}] {
			t.Errorf("%s: the count, argument %d, is not shown as %%[%d]d", m.key, m.arg, m.arg)
		}
	}
}

// TestEveryLanguageHasEveryKey checks the catalogue as built: both
// languages hold the same keys, plain and plural, and every message
// formats without a fmt error (%!d(string=…), %!s(MISSING), …) when
// given arguments of the types its verbs want.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	c := NewCatalog()
	vi, en := c.Keys("vi"), c.Keys("en")
	slices.Sort(vi)
	slices.Sort(en)
	for _, k := range vi {
		if _, ok := slices.BinarySearch(en, k); !ok {
			t.Errorf("%s: no English", k)
		}
	}
	for _, k := range en {
		if _, ok := slices.BinarySearch(vi, k); !ok {
			t.Errorf("%s: no Vietnamese", k)
		}
	}
	counts := map[string]bool{}
	for _, m := range plurals {
		counts[m.key] = true
	}
	for _, lang := range Languages {
		for _, key := range c.Keys(lang) {
			tmpl := c.plain[lang][key]
			ph, err := placeholders(tmpl)
			if err != nil {
				t.Errorf("%s %s: %v", lang, key, err)
				continue
			}
			if len(ph) == 0 && !counts[key] {
				// Returned as written: "%%" would show as is.
				if strings.Contains(tmpl, "%%") {
					t.Errorf("%s %s: %%%% in a message without arguments shows as %%%%", lang, key)
				}
				continue
			}
			for _, n := range []int{1, 2} {
				args := sampleArgs(ph, n)
				if counts[key] {
					args = sampleArgs(pluralPlaceholders(t, key, lang), n)
				}
				if got := c.Text(lang, key, args...); strings.Contains(got, "%!") {
					t.Errorf("%s %s: %q", lang, key, got)
				}
			}
		}
	}
}

// pluralPlaceholders returns the placeholders of the plural message key's
// "other" form in lang.
func pluralPlaceholders(t *testing.T, key, lang string) map[placeholder]bool {
	t.Helper()
	for _, m := range plurals {
		if m.key == key {
			ph, err := placeholders(m.forms(lang)["other"])
			if err != nil {
				t.Errorf("%s %s: %v", lang, key, err)
			}
			return ph
		}
	}
	return nil
}

// sampleArgs returns arguments of the types the placeholders want, every
// number n.
func sampleArgs(ph map[placeholder]bool, n int) []any {
	last := 0
	for p := range ph {
		last = max(last, p.arg)
	}
	args := make([]any, last)
	for p := range ph {
		switch p.verb {
		case 'd', 'x', 'X', 'c', 'o', 'b', '*':
			args[p.arg-1] = n
		case 'e', 'f', 'g':
			args[p.arg-1] = float64(n)
		case 't':
			args[p.arg-1] = true
		default:
			args[p.arg-1] = "x"
		}
	}
	return args
}

// checkSamePlaceholders reports a test error unless every text (named by
// language, or language and plural form) has the same placeholders; it
// returns them, or nil after an error.
func checkSamePlaceholders(t *testing.T, key string, texts map[string]string) map[placeholder]bool {
	t.Helper()
	names := slices.Sorted(maps.Keys(texts))
	var first map[placeholder]bool
	for i, name := range names {
		ph, err := placeholders(texts[name])
		if err != nil {
			t.Errorf("%s (%s): %v", key, name, err)
			return nil
		}
		if i == 0 {
			first = ph
			continue
		}
		if !maps.Equal(ph, first) {
			t.Errorf("%s: %s has %s, %s has %s", key, name, describe(ph), names[0], describe(first))
			return nil
		}
	}
	return first
}

// describe writes placeholders as explicit fmt verbs, in argument order.
func describe(ph map[placeholder]bool) string {
	list := slices.SortedFunc(maps.Keys(ph), func(a, b placeholder) int {
		return cmp.Or(cmp.Compare(a.arg, b.arg), cmp.Compare(a.verb, b.verb))
	})
	var b strings.Builder
	for _, p := range list {
		fmt.Fprintf(&b, "%%[%d]%c ", p.arg, p.verb)
	}
	if b.Len() == 0 {
		return "no arguments"
	}
	return strings.TrimSpace(b.String())
}

// placeholder is one use of an argument: its number (1 is the first) and
// the verb that formats it ('*' for a width or precision).
type placeholder struct {
	arg  int
	verb rune
}

// placeholders returns the arguments format uses and with which verbs,
// resolving implicit indexes as fmt does: "%s %d", "%[1]s %[2]d" and
// "%[2]d %[1]s" all use argument 1 as %s and 2 as %d. An argument used
// twice with the same verb counts once, so a translation may repeat it.
func placeholders(format string) (map[placeholder]bool, error) {
	ph := map[placeholder]bool{}
	next := 1 // the argument the next verb takes
	index := func(i int) (int, error) {
		if i >= len(format) || format[i] != '[' {
			return i, nil
		}
		j := strings.IndexByte(format[i:], ']')
		if j < 0 {
			return i, fmt.Errorf("unclosed argument index at %q", format[i:])
		}
		n, err := strconv.Atoi(format[i+1 : i+j])
		if err != nil || n < 1 {
			return i, fmt.Errorf("bad argument index %q", format[i:i+j+1])
		}
		next = n
		return i + j + 1, nil
	}
	digits := func(i int) int {
		for i < len(format) && '0' <= format[i] && format[i] <= '9' {
			i++
		}
		return i
	}
	star := func(i int) int {
		if i < len(format) && format[i] == '*' {
			ph[placeholder{next, '*'}] = true
			next++
			return i + 1
		}
		return digits(i)
	}
	for i := 0; i < len(format); {
		p := strings.IndexByte(format[i:], '%')
		if p < 0 {
			break
		}
		i += p + 1
		if i < len(format) && format[i] == ' ' {
			// fmt's space flag, but in words it is a lone percent sign.
			return nil, fmt.Errorf("%% followed by a space (write %%%% for a percent sign)")
		}
		for i < len(format) && strings.IndexByte("+-#0", format[i]) >= 0 {
			i++
		}
		var err error
		if i, err = index(i); err != nil {
			return nil, err
		}
		i = star(i)
		if i < len(format) && format[i] == '.' {
			if i, err = index(i + 1); err != nil {
				return nil, err
			}
			i = star(i)
		}
		if i, err = index(i); err != nil {
			return nil, err
		}
		if i >= len(format) {
			return nil, fmt.Errorf("%% without a verb at the end")
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size
		if verb == '%' {
			continue
		}
		if !strings.ContainsRune("vTtbcdoOqxXUeEfFgGsp", verb) {
			return nil, fmt.Errorf("%q is not a fmt verb (write %%%% for a percent sign)", verb)
		}
		ph[placeholder{next, verb}] = true
		next++
	}
	return ph, nil
}

// TestEveryKeyUsedExists reads the handlers' code for the catalogue keys
// it names literally (T("…"), Text(lang, "…")) and checks each exists.
func TestEveryKeyUsedExists(t *testing.T) {
	used := regexp.MustCompile(`(?:\.T\(|Text\([a-zA-Z.]+, |\bt\()"([a-z_]+\.[a-z_.]+[a-z_])"`)
	c := NewCatalog()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			if !c.Has("vi", m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", f, m[1])
			}
		}
	}
}
