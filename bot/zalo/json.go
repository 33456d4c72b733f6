package zalo

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Zalo's payloads are loosely typed (the docs give timeout as a string,
// clients send numbers; ids are strings but a number would not surprise).
// These types read a field whatever JSON it holds, so that one odd field
// never loses a whole update; what makes no sense reads as zero.

// str is a string field that also accepts a number (kept exactly as
// written, never through float64) and reads anything else as "".
type str string

func (s *str) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*s = ""
	switch {
	case len(b) == 0:
	case b[0] == '"':
		var v string
		if json.Unmarshal(b, &v) == nil {
			*s = str(strings.ToValidUTF8(v, "\uFFFD"))
		}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*s = str(b)
	}
	return nil
}

// num is an integer field that also accepts a number in a string and a
// fraction (truncated); anything else reads as 0.
type num int64

func (n *num) UnmarshalJSON(b []byte) error {
	*n = 0
	var s str
	_ = s.UnmarshalJSON(b)
	t := strings.TrimSpace(string(s))
	if v, err := strconv.ParseInt(t, 10, 64); err == nil {
		*n = num(v)
		return nil
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil && !math.IsNaN(f) && math.Abs(f) < math.MaxInt64/2 {
		*n = num(f)
	}
	return nil
}

// flag is a boolean field that also accepts "true" in a string.
type flag bool

func (f *flag) UnmarshalJSON(b []byte) error {
	t := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	*f = flag(strings.EqualFold(t, "true"))
	return nil
}
