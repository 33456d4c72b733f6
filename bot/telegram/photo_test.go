package telegram_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// pngHead is a PNG's signature: all http.DetectContentType reads.
const pngHead = "\x89PNG\r\n\x1a\n"

// pngBytes is a "photo": a PNG signature followed by s.
func pngBytes(s string) []byte { return []byte(pngHead + s) }

func TestFetchPhotoThroughTheConfiguredEndpoint(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, time.Second)
	data := pngBytes("ảnh bãi rác của Lan")
	f.PushPhotoBytes(lan, "bãi rác", data)
	f.PushPhoto(lan, "", "AgACAgIAAxkBAAIdefault", "AQADdefault")
	us := poll(t, a, 0)
	if len(us) != 2 || us[0].Photo == nil || us[1].Photo == nil {
		t.Fatalf("updates = %+v", us)
	}
	for _, tt := range []struct {
		label string
		photo bot.Photo
		want  []byte
	}{
		{"a photo pushed with its bytes", *us[0].Photo, data},
		{"a photo pushed by file id", *us[1].Photo, telegramtest.DefaultPhoto("AgACAgIAAxkBAAIdefault")},
	} {
		t.Run(tt.label, func(t *testing.T) {
			got, err := a.FetchPhoto(waitCtx(t), tt.photo)
			if err != nil {
				t.Fatalf("FetchPhoto: %v", err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("FetchPhoto = %d bytes %q, want %d bytes", len(got), got, len(tt.want))
			}
		})
	}
	t.Run("both requests went to the fake", func(t *testing.T) {
		if got, want := f.Calls("getFile"), 2; got != want {
			t.Errorf("getFile calls = %d, want %d", got, want)
		}
		if got, want := f.Calls(telegramtest.FileDownload), 2; got != want {
			t.Errorf("downloads = %d, want %d", got, want)
		}
	})
}

func TestFetchPhotoErrors(t *testing.T) {
	tests := []struct {
		label string
		setup func(f *telegramtest.Server) bot.Photo
		want  bot.ErrorKind
	}{
		{"no file id is rejected",
			func(*telegramtest.Server) bot.Photo { return bot.Photo{} }, bot.Rejected},
		{"an unknown file id is rejected",
			func(*telegramtest.Server) bot.Photo { return bot.Photo{FileID: "AgACAgIAAxkBAAIunknown"} }, bot.Rejected},
		{"bytes that are not an image are rejected",
			func(f *telegramtest.Server) bot.Photo {
				_, id, _ := f.PushPhotoBytes(lan, "", []byte("<html><body>not a photo</body></html>"))
				return bot.Photo{FileID: id}
			}, bot.Rejected},
		{"a 5xx from getFile is temporary",
			func(f *telegramtest.Server) bot.Photo {
				f.FailNext("getFile", 1, telegramtest.ServerError(http.StatusBadGateway))
				return pushedPhoto(f)
			}, bot.Temporary},
		{"a 5xx from the file endpoint is temporary",
			func(f *telegramtest.Server) bot.Photo {
				f.FailNext(telegramtest.FileDownload, 1, telegramtest.ServerError(http.StatusServiceUnavailable))
				return pushedPhoto(f)
			}, bot.Temporary},
		{"a 429 from the file endpoint is temporary",
			func(f *telegramtest.Server) bot.Photo {
				f.FailNext(telegramtest.FileDownload, 1, telegramtest.TooManyRequests(1))
				return pushedPhoto(f)
			}, bot.Temporary},
		{"a 404 from the file endpoint is rejected",
			func(f *telegramtest.Server) bot.Photo {
				f.FailNext(telegramtest.FileDownload, 1, telegramtest.Fault{Code: http.StatusNotFound, Description: "Not Found"})
				return pushedPhoto(f)
			}, bot.Rejected},
		{"a dropped download is temporary",
			func(f *telegramtest.Server) bot.Photo {
				// net/http tries a GET again, once, when a reused connection drops.
				f.FailNext(telegramtest.FileDownload, 3, telegramtest.ConnectionDrop())
				return pushedPhoto(f)
			}, bot.Temporary},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			photo := tt.setup(f)
			data, err := a.FetchPhoto(waitCtx(t), photo)
			if data != nil {
				t.Errorf("FetchPhoto returned %d bytes with %v", len(data), err)
			}
			wantPlatformError(t, err, tt.want)
			wantNoToken(t, err)
		})
	}
}

// pushedPhoto pushes a photo with bytes and returns it as the bot sees it.
func pushedPhoto(f *telegramtest.Server) bot.Photo {
	_, id, unique := f.PushPhotoBytes(lan, "", pngBytes("x"))
	return bot.Photo{FileID: id, FileUniqueID: unique}
}

func TestFetchPhotoNetworkErrorHidesTheToken(t *testing.T) {
	f := startFake(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	a, err := telegram.New(waitCtx(t), telegram.Config{Token: f.Token(), Endpoint: f.Endpoint(),
		FileEndpoint: gone.URL + "/file/bot%s/%s"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.FetchPhoto(waitCtx(t), pushedPhoto(f))
	pe := wantPlatformError(t, err, bot.Temporary)
	wantNoToken(t, err)
	if !strings.Contains(pe.Reason, "<token>") {
		t.Errorf("reason %q: want the URL with the token redacted", pe.Reason)
	}
}

// bigAPI is a Bot API whose getFile announces size bytes and whose file
// endpoint answers with serve; it counts the downloads.
func bigAPI(t *testing.T, size int, serve func(w http.ResponseWriter)) (*telegram.Adapter, *atomic.Int32) {
	t.Helper()
	var downloads atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bot" + testToken + "/getMe":
			fmt.Fprint(w, `{"ok":true,"result":{"id":99,"is_bot":true,"first_name":"B","username":"b_bot"}}`)
		case "/bot" + testToken + "/getFile":
			fmt.Fprintf(w, `{"ok":true,"result":{"file_id":"x","file_unique_id":"u","file_size":%d,"file_path":"photos/big.jpg"}}`, size)
		case "/file/bot" + testToken + "/photos/big.jpg":
			downloads.Add(1)
			serve(w)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	a, err := telegram.New(waitCtx(t), telegram.Config{Token: testToken, Endpoint: ts.URL + "/bot%s/%s"})
	if err != nil {
		t.Fatal(err)
	}
	return a, &downloads
}

// stream writes a PNG signature and then zeros up to n bytes in all,
// without a Content-Length.
func stream(n int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte(pngHead))
		chunk := make([]byte, 1<<20)
		for left := n - len(pngHead); left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				return
			}
			http.NewResponseController(w).Flush()
		}
	}
}

func TestFetchPhotoCap(t *testing.T) {
	tests := []struct {
		label         string
		size          int
		serve         func(w http.ResponseWriter)
		wantErr       bool
		wantDownloads int32
	}{
		{"a file_size over the cap is refused without downloading", telegram.MaxPhotoBytes + 1, stream(10), true, 0},
		{"a Content-Length over the cap is refused", 0, func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", strconv.Itoa(telegram.MaxPhotoBytes+1))
			_, _ = w.Write([]byte(pngHead))
		}, true, 1},
		{"a body over the cap is refused", 0, stream(telegram.MaxPhotoBytes + 1), true, 1},
		{"a body of exactly the cap is fetched", 0, stream(telegram.MaxPhotoBytes), false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			a, downloads := bigAPI(t, tt.size, tt.serve)
			data, err := a.FetchPhoto(waitCtx(t), bot.Photo{FileID: "x"})
			if tt.wantErr {
				wantPlatformError(t, err, bot.Rejected)
				wantNoToken(t, err)
			} else if err != nil || len(data) != telegram.MaxPhotoBytes {
				t.Errorf("FetchPhoto = %d bytes, %v", len(data), err)
			}
			if got := downloads.Load(); got != tt.wantDownloads {
				t.Errorf("%d downloads, want %d", got, tt.wantDownloads)
			}
		})
	}
}

func TestFileEndpointIsDerivedFromTheEndpoint(t *testing.T) {
	for _, tt := range []struct{ endpoint, want string }{
		{telegram.DefaultEndpoint, tgbotapi.FileEndpoint},
		{"http://127.0.0.1:8081/bot%s/%s", "http://127.0.0.1:8081/file/bot%s/%s"},
		{"https://tg.example/api/bot%s/%s", "https://tg.example/api/file/bot%s/%s"},
		{"https://tg.example/%s/%s", ""},
	} {
		if got := telegram.FileEndpointOf(tt.endpoint); got != tt.want {
			t.Errorf("file endpoint of %q = %q, want %q", tt.endpoint, got, tt.want)
		}
	}
}

func TestSendPhotoUploadOrFileID(t *testing.T) {
	const fileID = "AgACAgIAAxkBAAIBY2ZfYm9vdA"
	data := pngBytes("ảnh từ Zalo")
	tests := []struct {
		label      string
		msg        bot.Outgoing
		wantUpload bool
	}{
		{"Upload set: the bytes are uploaded",
			bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Upload: data, Text: "<b>Ảnh</b>", Keyboard: deedKeyboard}, true},
		{"Upload wins over another platform's reference",
			bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: "https://zalo.example/p.jpg", PhotoPlatform: "zalo",
				Upload: data, Text: "<b>Ảnh</b>", Keyboard: deedKeyboard}, true},
		{"no Upload: sent by file id",
			bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: fileID, Text: "<b>Ảnh</b>", Keyboard: deedKeyboard}, false},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			id, err := a.Send(waitCtx(t), tt.msg)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			sent := f.Sent()
			if len(sent) != 1 || sent[0].Method != "sendPhoto" || id != strconv.FormatInt(sent[0].MessageID, 10) {
				t.Fatalf("sent %+v, Send returned %q", sent, id)
			}
			s := sent[0]
			if s.PlainText != "Ảnh" || s.ParseMode != "HTML" || markupKind(t, s.ReplyMarkup) != "inline_keyboard" {
				t.Errorf("caption %q (%s), markup %s", s.PlainText, s.ParseMode, s.ReplyMarkup)
			}
			if !tt.wantUpload {
				if s.Upload != nil || s.Photo != fileID {
					t.Errorf("upload %v, photo %q; want photo %q by file id", s.Upload, s.Photo, fileID)
				}
				return
			}
			if s.Upload == nil || !bytes.Equal(s.Upload.Data, data) || s.Params.Get("photo") != "" {
				t.Fatalf("upload %+v, photo param %q; want the bytes uploaded", s.Upload, s.Params.Get("photo"))
			}
			back, err := a.FetchPhoto(waitCtx(t), bot.Photo{FileID: s.FileID})
			if err != nil || !bytes.Equal(back, data) {
				t.Errorf("FetchPhoto of the uploaded photo = %q, %v", back, err)
			}
		})
	}
}

func TestSendPhotoUploadRateLimited(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	f.FailNext("sendPhoto", 1, telegramtest.TooManyRequests(3))
	_, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Upload: pngBytes("x")})
	if got, want := bot.RetryAfterOf(err), 3*time.Second; got != want {
		t.Errorf("RetryAfter = %s (%v), want %s", got, err, want)
	}
	wantPlatformError(t, err, bot.RateLimited)
	wantNoToken(t, err)
}
