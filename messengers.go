package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// mediaStore gives the dispatcher the bytes of kept photos.
type mediaStore struct{ db *storage.DB }

func (m mediaStore) Media(ctx context.Context, hash string) ([]byte, error) {
	b, _, err := m.db.Media(ctx, hash)
	return b, err
}

// shaper wraps a messenger's adapter so that every message fits what it
// can do (bot.Shaper); mediaURL is nil when photos are not served.
func shaper(platform string, caps bot.Caps, sender bot.Sender, db *storage.DB, texts bot.Texts,
	mediaURL func(string) string) *bot.Shaper {
	return &bot.Shaper{Platform: platform, Caps: caps, Sender: sender, Menus: handlers.TextMenus(db),
		Media: mediaStore{db}, MediaURL: mediaURL, Texts: texts}
}

// photoKeeper downloads received photos with the adapter of their
// platform and keeps their bytes in the database (bot.PhotoKeeper).
type photoKeeper struct {
	db    *storage.DB
	fetch map[string]func(ctx context.Context, p bot.Photo) ([]byte, error)
}

func (k photoKeeper) KeepPhoto(ctx context.Context, platform string, p bot.Photo) (string, error) {
	fetch := k.fetch[platform]
	if fetch == nil {
		return "", fmt.Errorf("no way to download photos from %s", platform)
	}
	b, err := fetch(ctx, p)
	if err != nil {
		return "", err
	}
	mime := http.DetectContentType(b)
	if !strings.HasPrefix(mime, "image/") {
		return "", fmt.Errorf("the file is %s, not an image", mime)
	}
	return k.db.PutMedia(ctx, mime, b)
}
