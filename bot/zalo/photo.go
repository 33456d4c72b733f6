package zalo

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"chungsuc/bot"
)

// MaxPhotoBytes is the largest photo FetchPhoto downloads.
const MaxPhotoBytes = 10 << 20

// FetchPhoto downloads a photo a person sent, from p.URL (or p.FileID when
// URL is empty: both hold the image's address on Zalo's CDN, which expires,
// so fetch it promptly). It refuses more than MaxPhotoBytes and anything
// whose bytes are not an image (the CDN's content type and extension are
// not trusted). Errors are *bot.PlatformError: Temporary for a network
// error, a 5xx, a 408 or a 429; Rejected for a URL that is not http(s),
// any other non-2xx status, a photo too big or not an image.
func (a *Adapter) FetchPhoto(ctx context.Context, p bot.Photo) ([]byte, error) {
	src := p.URL
	if src == "" {
		src = p.FileID
	}
	if !isHTTPURL(src) {
		return nil, a.fail(bot.Rejected, "fetch photo: not an absolute http(s) URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, a.fail(bot.Rejected, "fetch photo: "+err.Error())
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, a.fail(bot.Temporary, "fetch photo: "+err.Error())
	}
	defer drainClose(resp.Body)
	switch code := resp.StatusCode; {
	case code >= 500, code == http.StatusRequestTimeout, code == http.StatusTooManyRequests:
		return nil, a.fail(bot.Temporary, fmt.Sprintf("fetch photo: %d %s", code, http.StatusText(code)))
	case code/100 != 2:
		return nil, a.fail(bot.Rejected, fmt.Sprintf("fetch photo: %d %s", code, http.StatusText(code)))
	}
	if resp.ContentLength > MaxPhotoBytes {
		return nil, a.fail(bot.Rejected, fmt.Sprintf("fetch photo: %d bytes is over %d", resp.ContentLength, MaxPhotoBytes))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxPhotoBytes+1))
	if err != nil {
		return nil, a.fail(bot.Temporary, "fetch photo: "+err.Error())
	}
	if len(data) > MaxPhotoBytes {
		return nil, a.fail(bot.Rejected, fmt.Sprintf("fetch photo: over %d bytes", MaxPhotoBytes))
	}
	if ct := http.DetectContentType(data); !strings.HasPrefix(ct, "image/") {
		return nil, a.fail(bot.Rejected, "fetch photo: not an image ("+ct+")")
	}
	return data, nil
}
