package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// The public pages (CHUNGSUC_PUBLIC_URL): / and /u/<code> for a unit and
// the units below it, /u/<code>/qr.png and /u/<code>/qr.pdf for its QR
// code. Everything is read on the reader pool and kept rendered: a page
// is rendered again only once the database changed and the copy kept is
// pageFresh old, by one request at a time while the others get the copy
// kept. A storm of requests thus costs the bot's writer nothing and the
// reader one render per page and pageFresh.
const (
	pageFresh  = 15 * time.Second
	pageMaxAge = 5 * time.Minute // rendered again even without a write: the day and the windows move
	pageKept   = 512             // pages kept rendered; beyond it the oldest goes
	browserAge = 60              // seconds a browser may keep a page
)

// publicPages serves the public pages from its cache.
type publicPages struct {
	app   *handlers.App
	pages *handlers.Pages
	db    *storage.DB
	links handlers.PageLinks
	log   *slog.Logger
	now   func() time.Time

	mu   sync.Mutex
	kept map[string]*rendered
}

// rendered is one page (or QR code) as served, plain and gzipped.
type rendered struct {
	render  sync.Mutex // held while it is rendered again
	mu      sync.Mutex // guards the fields below
	ok      bool       // rendered at least once
	status  int
	mime    string
	body    []byte
	gz      []byte
	etag    string
	version uint64
	at      time.Time
}

// newPublicPages serves the pages of app under publicURL; startLink opens
// the bot with a start parameter ("" for none).
func newPublicPages(app *handlers.App, db *storage.DB, publicURL, startLink string, log *slog.Logger) *publicPages {
	base := ""
	if u, err := url.Parse(publicURL); err == nil {
		base = strings.TrimRight(u.Path, "/")
	}
	return &publicPages{app: app, pages: app.NewPages(), db: db, log: log, now: time.Now,
		links: handlers.PageLinks{Base: base, StartLink: startLink}, kept: map[string]*rendered{}}
}

// routes adds the pages to mux.
func (pp *publicPages) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { pp.page(w, r, "") })
	mux.HandleFunc("GET /u/{code}", func(w http.ResponseWriter, r *http.Request) { pp.page(w, r, r.PathValue("code")) })
	mux.HandleFunc("GET /u/{code}/qr.png", func(w http.ResponseWriter, r *http.Request) { pp.qr(w, r, "png") })
	mux.HandleFunc("GET /u/{code}/qr.pdf", func(w http.ResponseWriter, r *http.Request) { pp.qr(w, r, "pdf") })
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "public, max-age=604800")
		_, _ = w.Write(favicon)
	})
}

// favicon is the pages' icon: a green dot, as green zones are drawn.
var favicon = func() []byte {
	const side = 32
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	for y := range side {
		for x := range side {
			if dx, dy := x-side/2, y-side/2; dx*dx+dy*dy < (side/2-1)*(side/2-1) {
				img.Set(x, y, color.NRGBA{0x1b, 0x7a, 0x3d, 0xff})
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}()

// lang is the page's language: ?lang=, else the deployment's.
func (pp *publicPages) lang(r *http.Request) string {
	switch l := r.URL.Query().Get("lang"); l {
	case "vi", "en":
		return l
	}
	return pp.app.Lang
}

// page serves the page of the unit with code ("" for the top).
func (pp *publicPages) page(w http.ResponseWriter, r *http.Request, code string) {
	code = strings.ToUpper(strings.TrimSpace(code)) // one key per page, however it is typed
	if len(code) > 64 {
		pp.notFound(w)
		return
	}
	lang := pp.lang(r)
	pp.serve(w, r, "page|"+lang+"|"+code, func(ctx context.Context) (int, string, []byte, error) {
		p, err := pp.app.PublicPage(ctx, code, lang, pp.now())
		if errors.Is(err, handlers.ErrNoUnit) {
			return http.StatusNotFound, "", nil, nil
		}
		if err != nil {
			return 0, "", nil, err
		}
		var b bytes.Buffer
		if err := pp.pages.Render(&b, p, pp.links); err != nil {
			return 0, "", nil, err
		}
		return http.StatusOK, "text/html; charset=utf-8", b.Bytes(), nil
	})
}

// qr serves the QR code of the unit with code as a PNG or a one-page PDF.
func (pp *publicPages) qr(w http.ResponseWriter, r *http.Request, kind string) {
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	if len(code) > 64 {
		pp.notFound(w)
		return
	}
	lang := pp.lang(r)
	key := "qr|png|" + code // the PNG has no words
	if kind == "pdf" {
		key = "qr|pdf|" + lang + "|" + code
	}
	pp.serve(w, r, key, func(ctx context.Context) (int, string, []byte, error) {
		var unit storage.Unit
		err := pp.db.View(ctx, func(tx *storage.Tx) error {
			var err error
			unit, err = tx.UnitByCode(code)
			return err
		})
		if errors.Is(err, storage.ErrNotFound) {
			return http.StatusNotFound, "", nil, nil
		}
		if err != nil {
			return 0, "", nil, err
		}
		target := pp.app.JoinTarget(unit)
		if kind == "png" {
			png, err := handlers.QRPNG(target)
			return http.StatusOK, "image/png", png, err
		}
		pdf, err := pp.app.QRPDF(unit, target, lang)
		return http.StatusOK, "application/pdf", pdf, err
	})
}

// serve answers from the copy kept under key, rendering it first when
// there is none, or again when the database changed since and the copy
// is pageFresh old (by this request only if no other is rendering it).
func (pp *publicPages) serve(w http.ResponseWriter, r *http.Request, key string,
	make func(ctx context.Context) (status int, mime string, body []byte, err error)) {
	e := pp.entry(key)
	for {
		e.mu.Lock()
		age := pp.now().Sub(e.at)
		ok, stale := e.ok, e.version != pp.db.Version() && age >= pageFresh || age >= pageMaxAge
		e.mu.Unlock()
		if ok && !stale {
			break
		}
		if ok && !e.render.TryLock() {
			break // being rendered again: this request gets the copy kept
		}
		if !ok {
			e.render.Lock() // nothing to serve yet: wait for the first render
			e.mu.Lock()
			done := e.ok
			e.mu.Unlock()
			if done {
				e.render.Unlock()
				continue
			}
		}
		err := pp.fill(r.Context(), e, make)
		e.render.Unlock()
		if err != nil {
			pp.log.Error("public page not rendered", "page", key, "err", err)
			if !ok {
				http.Error(w, "Xin lỗi, trang tạm thời không hiển thị được. Mời bạn thử lại sau ít phút.", http.StatusServiceUnavailable)
				return
			}
		}
		break
	}
	pp.write(w, r, e)
	e.mu.Lock()
	missing := e.status == http.StatusNotFound
	e.mu.Unlock()
	if missing { // not kept: a storm of made-up codes must not fill the cache
		pp.mu.Lock()
		delete(pp.kept, key)
		pp.mu.Unlock()
	}
}

// fill renders e.
func (pp *publicPages) fill(ctx context.Context, e *rendered,
	make func(ctx context.Context) (int, string, []byte, error)) error {
	version, at := pp.db.Version(), pp.now()
	status, mime, body, err := make(ctx)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	if status == http.StatusOK && strings.HasPrefix(mime, "text/") {
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		_, _ = zw.Write(body)
		_ = zw.Close()
	}
	sum := sha256.Sum256(body)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ok, e.status, e.mime, e.body, e.gz, e.version, e.at = true, status, mime, body, gz.Bytes(), version, at
	e.etag = `W/"` + hex.EncodeToString(sum[:12]) + `"` // weak: the same page plain or gzipped
	return nil
}

// write sends what e holds.
func (pp *publicPages) write(w http.ResponseWriter, r *http.Request, e *rendered) {
	e.mu.Lock()
	status, mime, body, gz, etag := e.status, e.mime, e.body, e.gz, e.etag
	e.mu.Unlock()
	if status == http.StatusNotFound {
		pp.notFound(w)
		return
	}
	h := w.Header()
	h.Set("Content-Type", mime)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(browserAge))
	h.Set("ETag", etag)
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if len(gz) > 0 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// notFound answers a page of a unit that does not exist, in both languages.
func (pp *publicPages) notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusNotFound)
	home := pp.links.Base + "/"
	_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Chung Sức</title><p>Không tìm thấy đơn vị này. <a href="` + home + `">Xem danh sách các đơn vị</a>.</p>` +
		`<p lang="en">This unit was not found. <a href="` + home + `?lang=en">See the list of units</a>.</p></html>`))
}

// entry is the copy kept under key, made empty when there is none; the
// oldest goes when too many are kept.
func (pp *publicPages) entry(key string) *rendered {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if e := pp.kept[key]; e != nil {
		return e
	}
	if len(pp.kept) >= pageKept {
		var oldest string
		var at time.Time
		for k, e := range pp.kept {
			e.mu.Lock()
			t := e.at
			e.mu.Unlock()
			if oldest == "" || t.Before(at) {
				oldest, at = k, t
			}
		}
		delete(pp.kept, oldest)
	}
	e := &rendered{}
	pp.kept[key] = e
	return e
}
