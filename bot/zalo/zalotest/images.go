package zalotest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
)

// imagePath is where ImageURL serves its files, outside /bot<token>/.
const imagePath = "/files/"

// ImageURL serves data at an http URL of the fake and returns the URL, as
// Zalo's CDN serves a photo a person sent: no extension, and a content type
// the client should not trust (application/octet-stream). Serving the same
// name again replaces the data. Unknown names answer 404.
func (s *Server) ImageURL(name string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.images[name] = bytes.Clone(data)
	return s.ts.URL + imagePath + url.PathEscape(name)
}

func (s *Server) serveImage(w http.ResponseWriter, name string) {
	s.mu.Lock()
	data, ok := s.images[name]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// PNG returns a small valid PNG image (4×4 pixels).
func PNG() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	for x := range 4 {
		for y := range 4 {
			img.Set(x, y, color.NRGBA{R: 0xda, G: 0x25, B: 0x1d, A: 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("zalotest: encode png: " + err.Error())
	}
	return b.Bytes()
}
