package handlers

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryCatalogueSpeaksBothLanguages checks each feature's words: every
// key in Vietnamese has English with the same verbs, and the reverse.
func TestEveryCatalogueSpeaksBothLanguages(t *testing.T) {
	verbs := regexp.MustCompile(`%(\[\d+\])?[a-z]`)
	for _, pair := range catalogue {
		for key, vi := range pair.vi {
			en, ok := pair.en[key]
			if !ok {
				t.Errorf("%s: no English", key)
				continue
			}
			got, want := verbs.FindAllString(en, -1), verbs.FindAllString(vi, -1)
			if strings.Contains(vi, "%[") { // explicit indexes: each may be used more than once
				slices.Sort(got)
				slices.Sort(want)
				got, want = slices.Compact(got), slices.Compact(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: English verbs %v, Vietnamese %v", key, got, want)
			}
		}
		for key := range pair.en {
			if _, ok := pair.vi[key]; !ok {
				t.Errorf("%s: no Vietnamese", key)
			}
		}
	}
}

// TestEveryKeyUsedExists reads the handlers' code for the catalogue keys
// it names literally (T("…"), Text(lang, "…")) and checks each exists.
func TestEveryKeyUsedExists(t *testing.T) {
	used := regexp.MustCompile(`(?:\.T|Text\([a-zA-Z.]+,|\bt)\("([a-z_]+\.[a-z_.]+[a-z_])"`)
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
