package main

import (
	"bytes"
	"image"
	"image/jpeg"
	_ "image/png" // photos may come as PNG
	"strconv"
	"sync"

	"golang.org/x/image/draw"
)

// Photos on the public pages are served smaller (/media/<hash>?w=480):
// a phone on a slow connection needs 40 kB, not the 300 kB a messenger
// keeps. Only these widths are made, so that nobody can make the bot
// resize a photo to a thousand sizes.
var photoWidths = map[string]int{"480": 480, "960": 960}

// resizedKept is how many resized photos are kept in memory.
const resizedKept = 256

// maxResizePixels bounds the photos resized (50 megapixels).
const maxResizePixels = 50_000_000

// resizer makes and keeps the smaller copies of photos.
type resizer struct {
	sem   chan struct{} // bounds the decodes at once (newResizer)
	mu    sync.Mutex
	kept  map[string][]byte
	order []string // oldest first
}

// newResizer makes a resizer that decodes two photos at a time.
func newResizer() *resizer { return &resizer{sem: make(chan struct{}, 2)} }

// resized returns the photo data (of type mime) at most width pixels
// wide, as JPEG; the photo itself when it is no wider, or cannot be read.
func (rs *resizer) resized(hash string, data []byte, mime string, width int) ([]byte, string) {
	key := hash + "/" + strconv.Itoa(width)
	rs.mu.Lock()
	if b, ok := rs.kept[key]; ok {
		rs.mu.Unlock()
		return b, "image/jpeg"
	}
	rs.mu.Unlock()
	// Only what is worth it is decoded: a photo wider than width and of
	// a size a phone takes (a made-up 30,000-pixel header is not).
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= width || cfg.Width*cfg.Height > maxResizePixels {
		return data, mime
	}
	rs.sem <- struct{}{} // a few at a time
	img, _, err := image.Decode(bytes.NewReader(data))
	<-rs.sem
	if err != nil {
		return data, mime
	}
	b := img.Bounds()
	h := b.Dy() * width / b.Dx()
	dst := image.NewRGBA(image.Rect(0, 0, width, max(h, 1)))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 80}); err != nil {
		return data, mime
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.kept == nil {
		rs.kept = map[string][]byte{}
	}
	if _, ok := rs.kept[key]; !ok {
		rs.kept[key] = out.Bytes()
		rs.order = append(rs.order, key)
		if len(rs.order) > resizedKept {
			delete(rs.kept, rs.order[0])
			rs.order = rs.order[1:]
		}
	}
	return out.Bytes(), "image/jpeg"
}
