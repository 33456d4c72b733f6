package telegram

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
)

// MaxPhotoBytes is the largest photo FetchPhoto downloads: the most the
// Bot API lets a bot download.
const MaxPhotoBytes = 20 << 20

// fileEndpoint derives the format string of the file download endpoint
// from the method endpoint: Telegram's own for DefaultEndpoint, and
// "…/file/bot%s/%s" for any "…/bot%s/%s" (a self-hosted Bot API server, a
// fake); "" when endpoint has another shape.
func fileEndpoint(endpoint string) string {
	const tail = "/bot%s/%s"
	switch {
	case endpoint == DefaultEndpoint:
		return tgbotapi.FileEndpoint
	case strings.HasSuffix(endpoint, tail):
		return strings.TrimSuffix(endpoint, tail) + "/file" + tail
	}
	return ""
}

// FetchPhoto downloads the picture p.FileID names: getFile, then the file
// from the file endpoint of the configured Bot API (Config.FileEndpoint).
// It refuses more than MaxPhotoBytes and bytes that are not an image.
// Errors are *bot.PlatformError and never show the token: getFile's
// errors as for any request (Rejected for an unknown file id); Temporary
// for a network error, a 5xx, a 408 or a 429 from the file endpoint;
// Rejected for any other failure (another non-2xx, a photo too big or not
// an image, no file id or no file endpoint).
func (a *Adapter) FetchPhoto(ctx context.Context, p bot.Photo) ([]byte, error) {
	switch {
	case p.FileID == "":
		return nil, a.fail(bot.Rejected, "fetch photo: no file id")
	case a.fileEndpoint == "":
		return nil, a.fail(bot.Rejected, "fetch photo: no file endpoint for this Bot API endpoint (set Config.FileEndpoint)")
	}
	resp, err := a.with(ctx).MakeRequest("getFile", tgbotapi.Params{"file_id": p.FileID})
	if err != nil {
		return nil, fmt.Errorf("fetch photo: getFile: %w", a.mapError(err))
	}
	var f tgbotapi.File
	if err := jsonUnmarshal(resp.Result, &f); err != nil {
		return nil, a.fail(bot.Temporary, "fetch photo: bad getFile result: "+err.Error())
	}
	switch {
	case f.FileSize > MaxPhotoBytes:
		return nil, a.fail(bot.Rejected, fmt.Sprintf("fetch photo: %d bytes is over %d", f.FileSize, MaxPhotoBytes))
	case f.FilePath == "":
		return nil, a.fail(bot.Rejected, "fetch photo: getFile gave no file_path")
	}
	return a.download(ctx, f.FilePath)
}

// download reads the file at filePath from the file endpoint.
func (a *Adapter) download(ctx context.Context, filePath string) ([]byte, error) {
	segments := strings.Split(filePath, "/")
	for i, s := range segments {
		segments[i] = url.PathEscape(s)
	}
	src := fmt.Sprintf(a.fileEndpoint, a.token, strings.Join(segments, "/"))
	data, err := bot.FetchImage(ctx, a.http, src, MaxPhotoBytes)
	if err != nil {
		pe := err.(*bot.PlatformError) // its reason holds the URL: no token must show
		return nil, a.fail(pe.Kind, pe.Reason)
	}
	return data, nil
}

// fail returns a platform error of kind whose reason shows no token.
func (a *Adapter) fail(kind bot.ErrorKind, reason string) *bot.PlatformError {
	return &bot.PlatformError{Kind: kind, Reason: a.redact(reason)}
}

// photoName names an uploaded photo after its bytes' type; Telegram
// re-encodes it anyway.
func photoName(data []byte) string {
	switch http.DetectContentType(data) {
	case "image/png":
		return "photo.png"
	case "image/gif":
		return "photo.gif"
	case "image/webp":
		return "photo.webp"
	}
	return "photo.jpg"
}
