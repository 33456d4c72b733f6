package telegramtest

import (
	"mime"
	"net/url"
	"path"
	"strings"
)

// inputFile resolves a media parameter: a multipart upload under field, an
// "attach://name" reference to one, an HTTP(S) URL or a file_id.
func inputFile(r *request, field string) (ref string, upload *File, e *apiError) {
	if f, ok := r.files[field]; ok {
		return f.Name, &f, nil
	}
	v := r.get(field)
	if v == "" {
		return "", nil, badRequest("there is no %s in the request", field)
	}
	if name, ok := strings.CutPrefix(v, "attach://"); ok {
		f, ok := r.files[name]
		if !ok {
			return "", nil, badRequest("wrong file identifier/HTTP URL specified")
		}
		return f.Name, &f, nil
	}
	if !isHTTPURL(v) && !isFileID(v) {
		return "", nil, badRequest("wrong file identifier/HTTP URL specified")
	}
	return v, nil, nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isFileID(s string) bool {
	return s != "" && wordLen(strings.ReplaceAll(s, "-", "_")) == len(s)
}

// sendPhoto sends a photo by file id, URL or upload. An uploaded photo's
// bytes are kept under its new file id, which getFile serves.
func (s *Server) sendPhoto(r *request) (any, *apiError) {
	return s.sendMedia(r, "sendPhoto", "photo", func(m *messageJSON, ref string, up *File) string {
		id, uid := ref, uniqueIDFor(ref)
		switch f, known := s.files[ref]; {
		case up != nil:
			nf := s.uploadedFileLocked("AgACAgIAAxkDAAI", "photos", ref, up)
			id, uid = nf.id, nf.uniqueID
		case !isFileID(ref):
			id = s.newFileIDLocked("AgACAgIAAxkDAAI")
			uid = uniqueIDFor(id)
		case known:
			uid = f.uniqueID
		}
		m.Photo = photoSizes(id, uid)
		return id
	})
}

// sendDocument sends a document by file id, URL or upload. An uploaded
// document's bytes are kept under its new file id, which getFile serves.
func (s *Server) sendDocument(r *request) (any, *apiError) {
	return s.sendMedia(r, "sendDocument", "document", func(m *messageJSON, ref string, up *File) string {
		d := &documentJSON{FileID: ref, FileUniqueID: uniqueIDFor(ref)}
		switch {
		case up != nil:
			f := s.uploadedFileLocked("BQACAgIAAxkDAAI", "documents", ref, up)
			d.FileID, d.FileUniqueID = f.id, f.uniqueID
			d.FileSize = len(up.Data)
		case !isFileID(ref):
			d.FileID = s.newFileIDLocked("BQACAgIAAxkDAAI")
			d.FileUniqueID = uniqueIDFor(d.FileID)
		}
		if up != nil || !isFileID(ref) {
			d.FileName = path.Base(ref)
			d.MimeType = mime.TypeByExtension(path.Ext(ref))
		}
		m.Document = d
		return d.FileID
	})
}

// sendMedia implements method, a send* method for a captioned media field;
// attach fills the media part of the message under the mutex and returns
// the media's file id.
func (s *Server) sendMedia(r *request, method, field string, attach func(*messageJSON, string, *File) string) (any, *apiError) {
	chatID, e := r.chatID()
	if e != nil {
		return nil, e
	}
	ref, up, e := inputFile(r, field)
	if e != nil {
		return nil, e
	}
	capt, e := caption(r)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(r.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.prepareSendLocked(r, chatID)
	if e != nil {
		return nil, e
	}
	fileID := attach(m, ref, up)
	m.Caption, m.CaptionEntities = capt.plain, capt.entities
	rec := Sent{Method: method, Caption: capt.raw, FileID: fileID,
		PlainText: capt.plain, ParseMode: capt.mode, Upload: up.clone()}
	if field == "photo" {
		rec.Photo = ref
	} else {
		rec.Document = ref
	}
	return s.commitLocked(r, m, mk, rec), nil
}
