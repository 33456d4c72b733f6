package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBodyBytes bounds request bodies; the real server accepts 50 MB uploads.
const maxBodyBytes = 50 << 20

// apiError is a Bot API error reply.
type apiError struct {
	code       int
	desc       string
	retryAfter int
}

var (
	errNotFound     = &apiError{code: http.StatusNotFound, desc: "Not Found"}
	errUnauthorized = &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"}
	errBlocked      = &apiError{code: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}
	errConflict     = &apiError{code: http.StatusConflict, desc: "Conflict: terminated by other getUpdates request; " +
		"make sure that only one bot instance is running"}
	// errDrop asks the dispatcher to close the connection without a reply.
	errDrop = &apiError{code: http.StatusBadGateway, desc: "Bad Gateway"}
)

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func tooManyRequests(retryAfter int) *apiError {
	return &apiError{
		code:       http.StatusTooManyRequests,
		desc:       fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		retryAfter: retryAfter,
	}
}

// response is the Bot API reply envelope.
type response struct {
	OK          bool            `json:"ok"`
	Result      any             `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, response{OK: true, Result: result})
}

func writeError(w http.ResponseWriter, e *apiError) {
	resp := response{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter > 0 {
		resp.Parameters = &responseParams{RetryAfter: e.retryAfter}
	}
	writeJSON(w, e.code, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// dropConnection closes the client connection without replying, like a
// server that went away. It falls back to a 502 if hijacking is impossible.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		writeError(w, errDrop)
		return
	}
	_ = conn.Close()
}

// request holds the decoded parameters of one API call.
type request struct {
	ctx    context.Context
	params url.Values
	files  map[string]File // multipart uploads by form field name
}

// readRequest decodes query-string, form, multipart and JSON parameters.
func readRequest(r *http.Request) (*request, *apiError) {
	req := &request{ctx: r.Context(), params: url.Values{}, files: map[string]File{}}
	r.Body = http.MaxBytesReader(nil, r.Body, maxBodyBytes)
	defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ct {
	case "application/json":
		err = req.readJSON(r)
	case "multipart/form-data":
		err = req.readMultipart(r)
	default:
		err = r.ParseForm()
		req.params = r.Form
	}
	if err != nil {
		return nil, badRequest("can't parse request: %v", err)
	}
	return req, nil
}

func (req *request) readJSON(r *http.Request) error {
	for k, vs := range r.URL.Query() {
		req.params[k] = vs
	}
	body, err := io.ReadAll(r.Body)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return err
	}
	for k, raw := range fields {
		var s string
		switch {
		case string(raw) == "null":
			continue
		case json.Unmarshal(raw, &s) == nil:
			req.params.Set(k, s)
		default:
			req.params.Set(k, string(raw))
		}
	}
	return nil
}

func (req *request) readMultipart(r *http.Request) error {
	if err := r.ParseMultipartForm(maxBodyBytes); err != nil {
		return err
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	req.params = r.Form
	for field, headers := range r.MultipartForm.File {
		if len(headers) == 0 {
			continue
		}
		f, err := headers[0].Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(f)
		_ = f.Close()
		if err != nil {
			return err
		}
		req.files[field] = File{Name: headers[0].Filename, Data: data}
	}
	return nil
}

func (req *request) get(key string) string { return req.params.Get(key) }

// int64 parses an optional integer parameter.
func (req *request) int64(key string) (v int64, present bool, e *apiError) {
	raw := req.get(key)
	if raw == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil {
		return 0, true, badRequest("field %q must be of type Integer", key)
	}
	return v, true, nil
}

// bool parses an optional boolean parameter the lenient way Telegram does.
func (req *request) bool(key string) bool {
	switch strings.ToLower(req.get(key)) {
	case "true", "1", "yes":
		return true
	}
	return false
}

// chatID returns the required chat_id parameter. Channel usernames
// ("@name") are not supported by the fake and reported as unknown chats.
func (req *request) chatID() (int64, *apiError) {
	raw := req.get("chat_id")
	if raw == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}
