package zalotest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf16"
)

// maxBodyBytes bounds request bodies.
const maxBodyBytes = 1 << 20

// envelope is the reply of every method.
type envelope struct {
	OK             bool   `json:"ok"`
	Result         any    `json:"result,omitempty"`
	ErrorCode      int    `json:"error_code,omitempty"`
	ErrorCodeCamel int    `json:"errorCode,omitempty"`
	Description    string `json:"description,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeFault answers with f: a JSON error envelope, a raw body, or a
// dropped connection.
func writeFault(w http.ResponseWriter, f *Fault) {
	switch {
	case f.Drop:
		dropConnection(w)
	case f.Body != "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, f.Body)
	case f.CamelCase:
		writeJSON(w, f.Status, envelope{ErrorCodeCamel: f.code(), Description: f.Description})
	default:
		writeJSON(w, f.Status, envelope{ErrorCode: f.code(), Description: f.Description})
	}
}

// dropConnection closes the client connection without replying, like a
// server that went away. It falls back to a 502 if hijacking is impossible.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		writeFault(w, &Fault{Status: http.StatusBadGateway, Description: "Bad Gateway"})
		return
	}
	_ = conn.Close()
}

// request holds the decoded parameters of one call: strings, or
// json.Number for JSON numbers, or other JSON values as decoded.
type request struct {
	ctx    context.Context
	params map[string]any
}

// readRequest decodes query-string, form-urlencoded and JSON parameters
// (JSON and form fields override the query string's).
func readRequest(r *http.Request) (*request, *Fault) {
	req := &request{ctx: r.Context(), params: map[string]any{}}
	for k, vs := range r.URL.Query() {
		req.params[k] = vs[0]
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxBodyBytes)
	defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, badRequest("cannot read the request body")
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return req, nil
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var fields map[string]any
		if err := dec.Decode(&fields); err != nil {
			return nil, badRequest("invalid JSON body")
		}
		for k, v := range fields {
			if v != nil {
				req.params[k] = v
			}
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBodyBytes); err != nil {
			return nil, badRequest("invalid multipart body")
		}
		defer func() { _ = r.MultipartForm.RemoveAll() }()
		for k, vs := range r.MultipartForm.Value {
			req.params[k] = vs[0]
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, badRequest("invalid form body")
		}
		for k, vs := range r.PostForm {
			req.params[k] = vs[0]
		}
	}
	return req, nil
}

// str returns a parameter as a string: a string as is, a number as
// written, anything else as its JSON ("" when absent).
func (r *request) str(key string) string {
	switch v := r.params[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// seconds parses a duration in seconds given as a string or a number
// ("30", 30, "0.5"); ok is false when present but not a number.
func (r *request) seconds(key string, def float64) (float64, bool) {
	raw := strings.TrimSpace(r.str(key))
	if raw == "" {
		return def, true
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || v < 0 {
		return 0, false
	}
	return v, true
}

// textLen counts s in UTF-16 code units, as the fake counts Zalo's
// "characters" (an emoji outside the basic plane counts twice).
func textLen(s string) int { return len(utf16.Encode([]rune(s))) }

// checkText validates a text parameter of 1–max characters; optional
// allows it to be absent.
func checkText(field, text string, max int, optional bool) *Fault {
	n := textLen(text)
	if n == 0 && optional {
		return nil
	}
	if n < 1 || n > max {
		return badRequest(fmt.Sprintf("%s must be between 1 and %d characters, got %d", field, max, n))
	}
	return nil
}

// isHTTPURL reports whether s is an absolute http or https URL.
func isHTTPURL(s string, allowHTTP bool) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok && allowHTTP {
		rest, ok = strings.CutPrefix(s, "http://")
	}
	return ok && rest != "" && !strings.HasPrefix(rest, "/")
}
