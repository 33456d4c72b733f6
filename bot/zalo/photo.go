package zalo

import (
	"context"

	"github.com/chungsuc/chungsuc/bot"
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
	data, err := bot.FetchImage(ctx, a.http, src, MaxPhotoBytes)
	if err != nil {
		pe := err.(*bot.PlatformError) // its reason holds the URL: no token must show
		return nil, a.fail(pe.Kind, pe.Reason)
	}
	return data, nil
}
