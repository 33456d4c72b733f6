package telegramtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"image"
	"image/png"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
)

// FileDownload is the name under which Calls counts the requests to the
// file endpoint (/file/bot<token>/<file_path>) and FailNext fails them.
const FileDownload = "downloadFile"

// maxDownloadBytes is the largest file getFile gives a path for, as on
// Telegram.
const maxDownloadBytes = 20 << 20

// storedFile is a file the fake holds bytes for.
type storedFile struct {
	id, uniqueID, path string
	data               []byte // never modified once stored
}

type fileJSON struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int    `json:"file_size,omitempty"`
	FilePath     string `json:"file_path,omitempty"`
}

// DefaultPhoto returns the bytes PushPhoto gives a file id that has none:
// a small valid PNG (32×1 grey pixels, the SHA-256 of fileID), the same
// for the same file id and different for another, so that photos pushed
// under different ids never look like one picture to a bot that compares
// bytes.
func DefaultPhoto(fileID string) []byte {
	sum := sha256.Sum256([]byte(fileID))
	img := image.NewGray(image.Rect(0, 0, len(sum), 1))
	copy(img.Pix, sum[:])
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("telegramtest: encode a default photo: " + err.Error())
	}
	return b.Bytes()
}

// UniqueID returns the file_unique_id the fake gives a photo of data: the
// same bytes always get the same id, as on Telegram.
func UniqueID(data []byte) string {
	sum := sha256.Sum256(data)
	return "AQAD" + base64.RawURLEncoding.EncodeToString(sum[:12])
}

// PushPhotoBytes queues a photo message in the private chat whose picture
// is data, under a fresh file id that getFile and the file endpoint serve.
// It returns the update_id, the file id of the largest size and its
// file_unique_id (UniqueID(data)). Each size of the photo serves the same
// bytes.
func (s *Server) PushPhotoBytes(from User, caption string, data []byte) (updateID int64, fileID, fileUniqueID string) {
	fileUniqueID = UniqueID(data)
	updateID = s.pushUserMessage(privateChat(from), from, func(m *messageJSON) {
		fileID = s.newFileIDLocked("AgACAgIAAxkBAAI")
		s.storePhotoLocked(fileID, fileUniqueID, data)
		m.Photo = photoSizes(fileID, fileUniqueID)
		m.Photo[len(m.Photo)-1].FileSize = len(data)
		m.Caption = caption
	})
	return updateID, fileID, fileUniqueID
}

// SetFile gives fileID the bytes data, which getFile and the file
// endpoint then serve (replacing any it had), and returns its
// file_unique_id. Use it before PushPhoto to give a pushed photo bytes of
// the test's choosing.
func (s *Server) SetFile(fileID string, data []byte) (fileUniqueID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dir := "documents"
	if strings.HasPrefix(http.DetectContentType(data), "image/") {
		dir = "photos"
	}
	return s.storeFileLocked(fileID, UniqueID(data), dir, ".jpg", data).uniqueID
}

// FileBytes returns a copy of the bytes the fake serves for fileID: a
// pushed photo's, or a photo or document the bot uploaded (see
// Sent.FileID).
func (s *Server) FileBytes(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[fileID]
	if !ok {
		return nil, false
	}
	return slices.Clone(f.data), true
}

// storePhotoLocked gives the three sizes of a photo (see photoSizes) the
// bytes data.
func (s *Server) storePhotoLocked(fileID, uniqueID string, data []byte) {
	for _, size := range photoSizes(fileID, uniqueID) {
		s.storeFileLocked(size.FileID, size.FileUniqueID, "photos", ".jpg", data)
	}
}

// storeFileLocked keeps a copy of data as fileID, under a new file_path
// "<dir>/file_N<ext>" (or the one fileID already had).
func (s *Server) storeFileLocked(fileID, uniqueID, dir, ext string, data []byte) *storedFile {
	f := &storedFile{id: fileID, uniqueID: uniqueID, data: slices.Clone(data)}
	if old, ok := s.files[fileID]; ok {
		f.path = old.path
	} else {
		f.path = dir + "/file_" + strconv.Itoa(len(s.filePaths)) + ext
	}
	s.files[fileID] = f
	s.filePaths[f.path] = f
	return f
}

// getFile describes a file the fake holds bytes for, with the file_path
// to download it from.
func (s *Server) getFile(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[r.get("file_id")]
	switch {
	case !ok:
		return nil, badRequest("invalid file_id")
	case len(f.data) > maxDownloadBytes:
		return nil, badRequest("file is too big")
	}
	return fileJSON{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: len(f.data), FilePath: f.path}, nil
}

// serveFile answers GET /file/bot<token>/<file_path> with the file's
// bytes: 404 for an unknown path, 401 for a wrong token. Faults
// registered with FailNext(FileDownload, ...) (or "") apply, and so does
// Down.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	token, filePath, ok := splitFilePath(r.URL.Path)
	if s.countCall(FileDownload) {
		dropConnection(w)
		return
	}
	switch {
	case !ok:
		writeError(w, errNotFound)
		return
	case token != s.cfg.Token:
		writeError(w, errUnauthorized)
		return
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		writeError(w, &apiError{code: http.StatusMethodNotAllowed, desc: "Method Not Allowed"})
		return
	}
	if f, ok := s.takeFault(FileDownload); ok {
		writeFault(w, &request{ctx: r.Context()}, f)
		return
	}
	s.mu.Lock()
	f, ok := s.filePaths[filePath]
	s.mu.Unlock()
	if !ok {
		writeError(w, errNotFound)
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(f.data))
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(f.data)
	}
}

// splitFilePath splits "/file/bot<token>/<file_path>".
func splitFilePath(p string) (token, filePath string, ok bool) {
	rest, ok := strings.CutPrefix(p, "/file/bot")
	if !ok {
		return "", "", false
	}
	token, filePath, ok = strings.Cut(rest, "/")
	if !ok || token == "" || filePath == "" {
		return "", "", false
	}
	return token, filePath, true
}

// uploadedFileLocked keeps the bytes of a file the bot uploaded under a
// fresh file id (prefix) and returns it. A photo (dir "photos") gets its
// three sizes and a .jpg path, as Telegram re-encodes photos; a document
// keeps the extension of its name.
func (s *Server) uploadedFileLocked(prefix, dir, name string, up *File) *storedFile {
	id, uid := s.newFileIDLocked(prefix), UniqueID(up.Data)
	if dir == "photos" {
		s.storePhotoLocked(id, uid, up.Data)
		return s.files[id]
	}
	return s.storeFileLocked(id, uid, dir, path.Ext(name), up.Data)
}
