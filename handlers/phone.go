package handlers

import (
	"regexp"
	"strings"
)

var (
	// Vietnamese mobile numbers: 10 digits from 03, 05, 07, 08 or 09.
	mobileRe = regexp.MustCompile(`^0[35789][0-9]{8}$`)
	// Landlines: 0 + a 2x area code + 8 digits (11 digits in all).
	landlineRe = regexp.MustCompile(`^02[0-9]{9}$`)
	// Short numbers and hotlines: 111–115 and 1022-style 4-digit numbers,
	// 1800/1900 numbers of 8 or 10 digits.
	shortRe = regexp.MustCompile(`^(11[1-5]|1[0-9]{3}|1[89]00[0-9]{4}|1[89]00[0-9]{6})$`)
)

// normalizePhone reads a Vietnamese phone number as people type or share
// it ("+84 912 345 678", "0912.345.678", "84912345678") and returns it
// as 0912345678, or ok false when it is not a valid number.
func normalizePhone(s string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '.', r == '-', r == '(', r == ')':
		default:
			return "", false
		}
	}
	n := b.String()
	if strings.HasPrefix(n, "84") && len(n) >= 11 {
		n = "0" + n[2:]
	}
	if mobileRe.MatchString(n) || landlineRe.MatchString(n) || shortRe.MatchString(n) {
		return n, true
	}
	return "", false
}
