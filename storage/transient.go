package storage

import (
	"errors"

	"modernc.org/sqlite"
)

// SQLite primary result codes that say the database could not do the
// work right now, not that the work was wrong.
const (
	codeBusy     = 5  // SQLITE_BUSY
	codeLocked   = 6  // SQLITE_LOCKED
	codeIOErr    = 10 // SQLITE_IOERR
	codeFull     = 13 // SQLITE_FULL
	codeReadOnly = 8  // SQLITE_READONLY
	codeCannot   = 14 // SQLITE_CANTOPEN
)

// Transient reports whether err is a database failure that may succeed
// if the same work is tried again later (busy, locked, I/O error, disk
// full, a file made read-only), as opposed to an error in the work itself.
func Transient(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case codeBusy, codeLocked, codeIOErr, codeFull, codeCannot, codeReadOnly:
		return true
	}
	return false
}

// isBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == codeBusy || c == codeLocked
}

// Write failures: why the database cannot be written now (WriteFailure).
const (
	FailFull     = "full"     // the disk is full
	FailReadOnly = "readonly" // the file or its disk is read-only, or the I/O failed
)

// WriteFailure says why err kept the database from being written, when
// it is the disk's fault rather than the work's: FailFull for "database
// or disk is full", FailReadOnly for a read-only file or an I/O error
// (a file made immutable or read-only, a disk remounted read-only or
// failing); "" otherwise.
func WriteFailure(err error) string {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return ""
	}
	switch se.Code() & 0xff {
	case codeFull:
		return FailFull
	case codeReadOnly, codeIOErr:
		return FailReadOnly
	}
	return ""
}
