package telegramtest

import (
	"bytes"
	"image/png"
	"io"
	"net/http"
	"regexp"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// pngHead starts a PNG, which is all http.DetectContentType looks at.
var pngHead = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")

// download GETs the file at filePath with token and returns the status,
// the Content-Type and the body.
func download(t *testing.T, srv *Server, token, filePath string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL()+"/file/bot"+token+"/"+filePath, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("download %s: %v", filePath, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// getFile calls getFile and fails the test on an error.
func getFile(t *testing.T, bot *tgbotapi.BotAPI, fileID string) tgbotapi.File {
	t.Helper()
	f, err := bot.GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		t.Fatalf("getFile %q: %v", fileID, err)
	}
	return f
}

var photoPath = regexp.MustCompile(`^photos/file_\d+\.jpg$`)

func TestPushPhotoBytesIsServedByGetFile(t *testing.T) {
	srv, bot := newBot(t)
	data := append(bytes.Clone(pngHead), "lan's photo"...)
	_, fileID, uniqueID := srv.PushPhotoBytes(alice, "sân chung", data)
	u := getUpdates(t, bot, 0, 0)
	if len(u) != 1 || u[0].Message == nil || len(u[0].Message.Photo) != 3 {
		t.Fatalf("updates = %+v", u)
	}
	largest := u[0].Message.Photo[2]
	t.Run("the update names the photo by the returned ids", func(t *testing.T) {
		if largest.FileID != fileID || largest.FileUniqueID != uniqueID || largest.FileSize != len(data) {
			t.Errorf("largest size = %+v, want %s %s %d bytes", largest, fileID, uniqueID, len(data))
		}
	})
	f := getFile(t, bot, fileID)
	t.Run("getFile describes the file", func(t *testing.T) {
		if f.FileID != fileID || f.FileUniqueID != uniqueID || f.FileSize != len(data) || !photoPath.MatchString(f.FilePath) {
			t.Errorf("getFile = %+v", f)
		}
	})
	t.Run("the file endpoint serves the bytes", func(t *testing.T) {
		status, ct, body := download(t, srv, srv.Token(), f.FilePath)
		if status != http.StatusOK || ct != "image/png" || !bytes.Equal(body, data) {
			t.Errorf("download = %d %q %q", status, ct, body)
		}
	})
	t.Run("every size serves bytes", func(t *testing.T) {
		for _, size := range u[0].Message.Photo[:2] {
			if _, ok := srv.FileBytes(size.FileID); !ok {
				t.Errorf("no bytes for %s", size.FileID)
			}
		}
	})
	t.Run("the same bytes get the same unique id, other bytes another", func(t *testing.T) {
		_, again, sameUnique := srv.PushPhotoBytes(alice, "", data)
		_, _, otherUnique := srv.PushPhotoBytes(alice, "", append(bytes.Clone(pngHead), "other"...))
		if again == fileID || sameUnique != uniqueID || otherUnique == uniqueID {
			t.Errorf("ids: %s/%s, %s/%s, other %s", fileID, uniqueID, again, sameUnique, otherUnique)
		}
	})
}

func TestPushPhotoHasBytes(t *testing.T) {
	srv, bot := newBot(t)
	srv.PushPhoto(alice, "", "AgACAgIAAxkBAAIdefault", "AQADdefault")
	custom := append(bytes.Clone(pngHead), "custom"...)
	srv.SetFile("AgACAgIAAxkBAAIcustom", custom)
	srv.PushPhoto(alice, "", "AgACAgIAAxkBAAIcustom", "AQADcustom")
	for _, tt := range []struct {
		label, fileID string
		want          []byte
	}{
		{"a file id without bytes gets its default photo", "AgACAgIAAxkBAAIdefault", DefaultPhoto("AgACAgIAAxkBAAIdefault")},
		{"a file id given bytes keeps them", "AgACAgIAAxkBAAIcustom", custom},
	} {
		t.Run(tt.label, func(t *testing.T) {
			f := getFile(t, bot, tt.fileID)
			status, _, body := download(t, srv, srv.Token(), f.FilePath)
			if status != http.StatusOK || !bytes.Equal(body, tt.want) {
				t.Errorf("download = %d, %d bytes, want %d", status, len(body), len(tt.want))
			}
		})
	}
	t.Run("default photos are PNGs, one per file id", func(t *testing.T) {
		a, b := DefaultPhoto("AgACa"), DefaultPhoto("AgACb")
		if ct := http.DetectContentType(a); ct != "image/png" {
			t.Errorf("DefaultPhoto is %s", ct)
		}
		if _, err := png.Decode(bytes.NewReader(a)); err != nil {
			t.Errorf("DefaultPhoto does not decode: %v", err)
		}
		if bytes.Equal(a, b) || !bytes.Equal(a, DefaultPhoto("AgACa")) {
			t.Error("DefaultPhoto should differ between file ids and not within one")
		}
	})
}

func TestGetFileAndDownloadErrors(t *testing.T) {
	srv, bot := newBot(t)
	_, fileID, _ := srv.PushPhotoBytes(alice, "", pngHead)
	f := getFile(t, bot, fileID)

	_, err := bot.GetFile(tgbotapi.FileConfig{FileID: "AgACunknown"})
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: invalid file_id")

	for _, tt := range []struct {
		label, token, path string
		want               int
	}{
		{"an unknown path is not found", srv.Token(), "photos/file_999.jpg", http.StatusNotFound},
		{"a wrong token is unauthorized", "999:WRONG", f.FilePath, http.StatusUnauthorized},
	} {
		t.Run(tt.label, func(t *testing.T) {
			if status, _, _ := download(t, srv, tt.token, tt.path); status != tt.want {
				t.Errorf("status = %d, want %d", status, tt.want)
			}
		})
	}
	t.Run("FailNext fails a download", func(t *testing.T) {
		srv.FailNext(FileDownload, 1, ServerError(http.StatusBadGateway))
		if status, _, _ := download(t, srv, srv.Token(), f.FilePath); status != http.StatusBadGateway {
			t.Errorf("status = %d, want 502", status)
		}
		if status, _, _ := download(t, srv, srv.Token(), f.FilePath); status != http.StatusOK {
			t.Errorf("status after the fault = %d, want 200", status)
		}
		if got, want := srv.Calls(FileDownload), 4; got != want {
			t.Errorf("Calls(FileDownload) = %d, want %d", got, want)
		}
	})
}

func TestUploadsBecomeFiles(t *testing.T) {
	srv, bot := newBot(t)
	photo := append(bytes.Clone(pngHead), "qr"...)
	m, err := bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: "qr.png", Bytes: photo}))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := bot.Send(tgbotapi.NewDocument(alice.ID, tgbotapi.FileBytes{Name: "report.pdf", Bytes: []byte("%PDF-1.4")}))
	if err != nil {
		t.Fatal(err)
	}
	byID, err := bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID("AgACAgIAAxkBAAIB")))
	if err != nil {
		t.Fatal(err)
	}
	sent := srv.Sent()
	t.Run("the uploaded photo's file id is recorded and serves its bytes", func(t *testing.T) {
		id := m.Photo[len(m.Photo)-1].FileID
		if sent[0].FileID != id || m.Photo[len(m.Photo)-1].FileUniqueID != UniqueID(photo) {
			t.Errorf("recorded %q, message has %+v", sent[0].FileID, m.Photo)
		}
		if got, ok := srv.FileBytes(id); !ok || !bytes.Equal(got, photo) {
			t.Errorf("FileBytes = %q, %v", got, ok)
		}
		f := getFile(t, bot, id)
		if status, _, body := download(t, srv, srv.Token(), f.FilePath); status != http.StatusOK || !bytes.Equal(body, photo) {
			t.Errorf("download = %d %q", status, body)
		}
	})
	t.Run("the uploaded document's file id serves its bytes", func(t *testing.T) {
		f := getFile(t, bot, doc.Document.FileID)
		if sent[1].FileID != doc.Document.FileID || !regexp.MustCompile(`^documents/file_\d+\.pdf$`).MatchString(f.FilePath) {
			t.Errorf("recorded %q, getFile %+v", sent[1].FileID, f)
		}
	})
	t.Run("a photo sent by file id keeps it", func(t *testing.T) {
		if sent[2].FileID != "AgACAgIAAxkBAAIB" || byID.Photo[2].FileID != "AgACAgIAAxkBAAIB" || sent[2].Upload != nil {
			t.Errorf("recorded %+v", sent[2])
		}
	})
}

func TestSplitFilePath(t *testing.T) {
	for _, tc := range []struct {
		path, token, file string
		ok                bool
	}{
		{"/file/bot1:A/photos/file_1.jpg", "1:A", "photos/file_1.jpg", true},
		{"/file/bot1:A/", "", "", false},
		{"/file/bot/photos/x.jpg", "", "", false},
		{"/bot1:A/getMe", "", "", false},
	} {
		token, file, ok := splitFilePath(tc.path)
		if token != tc.token || file != tc.file || ok != tc.ok {
			t.Errorf("splitFilePath(%q) = %q, %q, %v", tc.path, token, file, ok)
		}
	}
}
