package storage

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	maxProblems   = 50
	maxNameRunes  = 200
	maxKindRunes  = 50
	unitCSVHeader = "code,name,kind,parent_code"
)

var codePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)

// ImportResult counts what an import did to the units it named.
type ImportResult struct {
	Created, Updated, Unchanged int
}

// LineProblem is one reason a CSV line was rejected. Line is the line
// number in the file; the header is line 1.
type LineProblem struct {
	Line int
	Msg  string
}

// String returns the problem as "line 4: name is empty".
func (p LineProblem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Msg) }

// ImportError lists every problem found in a rejected CSV file, in line
// order, at most 50 of them (Omitted counts the rest). Nothing was written.
// It matches ErrInvalid with errors.Is.
type ImportError struct {
	Problems []LineProblem
	Omitted  int
}

// Error returns every problem, one per line.
func (e *ImportError) Error() string {
	var b strings.Builder
	n := len(e.Problems) + e.Omitted
	fmt.Fprintf(&b, "%d problem", n)
	if n != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n" + p.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n(and %d more)", e.Omitted)
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ImportError) Unwrap() error { return ErrInvalid }

// problems collects line problems.
type problems []LineProblem

func (p *problems) add(line int, format string, args ...any) {
	*p = append(*p, LineProblem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// addParseError records a CSV line the reader could not take (a wrong
// number of fields, with a hint about quoting field when there are too
// many, or bad quoting) and reports whether err was one.
func (p *problems) addParseError(err error, got, want int, header, field string) bool {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return false
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		hint := ""
		if got > want {
			hint = "; put a " + field + " containing a comma in double quotes"
		}
		p.add(pe.StartLine, "has %d fields, want %d (%s)%s", got, want, header, hint)
	} else {
		p.add(pe.StartLine, "cannot be read: %v", pe.Err)
	}
	return true
}

// err returns nil or an *ImportError with the problems in line order.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	list := append([]LineProblem(nil), p...)
	sort.SliceStable(list, func(i, j int) bool { return list[i].Line < list[j].Line })
	e := &ImportError{Problems: list}
	if len(list) > maxProblems {
		e.Problems, e.Omitted = list[:maxProblems], len(list)-maxProblems
	}
	return e
}

// unitRow is one parsed CSV line; key is the lower-cased code.
type unitRow struct {
	line                  int
	key, code, name, kind string
	parent, parentKey     string
	invalid               bool // a field other than code was rejected
}

// ImportUnits reads a units CSV (header code,name,kind,parent_code) and
// creates or updates every unit in it, in one transaction. Parents may
// come after their children or already be in the database; re-importing a
// code updates its name, kind and parent. If any line is bad nothing is
// written and the error is an *ImportError listing every problem.
func (db *DB) ImportUnits(ctx context.Context, r io.Reader) (ImportResult, error) {
	return importFile(ctx, db, "units", r, readUnitRows, (*Tx).importUnitRows)
}

// importFile reads a CSV file's rows with read, then checks and writes
// them with apply in one transaction: the shape every import shares.
// what names the file's content in errors.
func importFile[R, Res any](ctx context.Context, db *DB, what string, r io.Reader,
	read func(io.Reader) ([]R, problems, error), apply func(*Tx, []R, problems) (Res, error)) (Res, error) {
	var res Res
	rows, probs, err := read(r)
	if err != nil {
		return res, fmt.Errorf("import %s: %w", what, err)
	}
	err = db.Update(ctx, func(tx *Tx) (err error) {
		res, err = apply(tx, rows, probs)
		return err
	})
	if err != nil {
		var zero Res
		return zero, fmt.Errorf("import %s: %w", what, err)
	}
	return res, nil
}

// readUnitRows parses the CSV. Line problems are returned in probs; err
// is only for a failing reader.
func readUnitRows(r io.Reader) (rows []unitRow, probs problems, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	cr.TrimLeadingSpace = true
	if ok, err := readUnitHeader(cr, &probs); !ok || err != nil {
		return nil, probs, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, probs, nil
		}
		if probs.addParseError(err, len(rec), 4, unitCSVHeader, "name") {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if row, ok := checkUnitRow(rec, line, &probs); ok {
			rows = append(rows, row)
		}
	}
}

// readUnitHeader reads line 1; ok is false when the file cannot be used.
func readUnitHeader(cr *csv.Reader, probs *problems) (ok bool, err error) {
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		probs.add(1, "the file is empty; the first line must be %s", unitCSVHeader)
		return false, nil
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return false, err
	}
	for i := range rec {
		rec[i] = strings.ToLower(strings.TrimSpace(rec[i]))
	}
	if len(rec) > 0 {
		rec[0] = strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff"))
	}
	if got := strings.Join(rec, ","); err != nil || got != unitCSVHeader {
		probs.add(1, "the first line must be exactly %s, not %q", unitCSVHeader, got)
		return false, nil
	}
	return true, nil
}

// checkUnitRow validates one record's fields. ok is false when the code is
// unusable; other bad fields are reported and mark the row invalid.
func checkUnitRow(rec []string, line int, probs *problems) (unitRow, bool) {
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
		if !utf8.ValidString(rec[i]) {
			probs.add(line, "is not valid UTF-8; save the file with UTF-8 encoding")
			return unitRow{}, false
		}
	}
	row := unitRow{line: line, code: rec[0], name: rec[1], kind: strings.ToLower(rec[2]), parent: rec[3]}
	row.key, row.parentKey = strings.ToLower(row.code), strings.ToLower(row.parent)
	bad := len(*probs)
	if !codePattern.MatchString(row.code) {
		probs.add(line, "code %q is not valid: use 1 to 32 letters, digits, '_', '.' or '-'", row.code)
		return unitRow{}, false
	}
	switch {
	case row.name == "":
		probs.add(line, "name is empty")
	case utf8.RuneCountInString(row.name) > maxNameRunes:
		probs.add(line, "name is longer than %d characters", maxNameRunes)
	case strings.IndexFunc(row.name, unicode.IsControl) >= 0:
		probs.add(line, "name contains a line break or another control character")
	case strings.IndexFunc(row.name, isFormat) >= 0:
		probs.add(line, "name contains an invisible formatting character (zero-width space, direction mark or the like): retype it")
	}
	switch {
	case row.kind == "":
		probs.add(line, "kind is empty")
	case utf8.RuneCountInString(row.kind) > maxKindRunes:
		probs.add(line, "kind is longer than %d characters", maxKindRunes)
	}
	if row.parent != "" && !codePattern.MatchString(row.parent) {
		probs.add(line, "parent_code %q is not a valid code", row.parent)
	}
	row.invalid = len(*probs) > bad
	return row, true
}

// isFormat reports an invisible format character (Unicode Cf): zero-width
// spaces and joiners, bidi marks and overrides, soft hyphens. In a name
// they make two names that look the same differ, or reorder the text.
func isFormat(r rune) bool { return unicode.Is(unicode.Cf, r) }

// existingUnit is a unit already in the database, keyed by lower-case code.
type existingUnit struct {
	id                          int64
	code, name, kind, parentKey string
}

func (tx *Tx) loadUnitIndex() (map[string]existingUnit, error) {
	rows, err := tx.query(`SELECT u.id, u.code, u.name, u.kind, COALESCE(p.code, '')
		FROM units u LEFT JOIN units p ON p.id = u.parent_id`)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	defer rows.Close()
	index := map[string]existingUnit{}
	for rows.Next() {
		var u existingUnit
		if err := rows.Scan(&u.id, &u.code, &u.name, &u.kind, &u.parentKey); err != nil {
			return nil, fmt.Errorf("load units: %w", err)
		}
		u.parentKey = strings.ToLower(u.parentKey)
		index[strings.ToLower(u.code)] = u
	}
	return index, rows.Err()
}

// importUnitRows checks the rows against each other and the database and,
// when there is no problem at all, writes them parents first.
func (tx *Tx) importUnitRows(rows []unitRow, probs problems) (ImportResult, error) {
	existing, err := tx.loadUnitIndex()
	if err != nil {
		return ImportResult{}, err
	}
	ordered := planUnits(rows, existing, &probs)
	if err := probs.err(); err != nil {
		return ImportResult{}, err
	}
	return tx.writeUnits(ordered, existing)
}

// planUnits reports duplicate codes, unknown parents and loops, and
// returns the rows ordered so that a parent comes before its children.
func planUnits(rows []unitRow, existing map[string]existingUnit, probs *problems) []unitRow {
	byKey := map[string]*unitRow{}
	var unique []unitRow
	for i := range rows {
		r := &rows[i]
		if first, dup := byKey[r.key]; dup {
			probs.add(r.line, "code %q is already used on line %d", r.code, first.line)
			continue
		}
		byKey[r.key] = r
		unique = append(unique, *r)
	}
	for _, r := range unique {
		if r.parentKey == "" || r.invalid && !codePattern.MatchString(r.parent) {
			continue
		}
		if _, ok := byKey[r.parentKey]; !ok {
			if _, ok := existing[r.parentKey]; !ok {
				probs.add(r.line, "parent_code %q is not in the file or the database", r.parent)
			}
		}
	}
	depth := unitDepths(unique, byKey, existing, probs)
	sort.SliceStable(unique, func(i, j int) bool { return depth[unique[i].key] < depth[unique[j].key] })
	return unique
}

// unitDepths walks up from every row through the file and the database,
// reporting each loop once; it returns each code's depth (0 = root).
func unitDepths(rows []unitRow, byKey map[string]*unitRow, existing map[string]existingUnit, probs *problems) map[string]int {
	parentOf := func(k string) string {
		if r, ok := byKey[k]; ok {
			return r.parentKey
		}
		return existing[k].parentKey
	}
	const visiting = -1
	depth := map[string]int{}
	for _, row := range rows {
		var path []string
		k := row.key
		for k != "" && (byKey[k] != nil || existing[k].id != 0) {
			if d, seen := depth[k]; seen {
				if d == visiting {
					reportLoop(path, k, byKey, existing, probs)
				}
				break
			}
			depth[k] = visiting
			path = append(path, k)
			k = parentOf(k)
		}
		base := -1
		if d, ok := depth[k]; ok && d >= 0 {
			base = d
		}
		for i := len(path) - 1; i >= 0; i-- {
			base++
			depth[path[i]] = base
		}
	}
	return depth
}

// reportLoop reports the loop that starts at key k within path, on the
// first line of the file that takes part in it.
func reportLoop(path []string, k string, byKey map[string]*unitRow, existing map[string]existingUnit, probs *problems) {
	start := 0
	for path[start] != k {
		start++
	}
	var codes []string
	line := 0
	for _, key := range path[start:] {
		if r, ok := byKey[key]; ok {
			codes = append(codes, r.code)
			if line == 0 || r.line < line {
				line = r.line
			}
		} else {
			codes = append(codes, existing[key].code)
		}
	}
	codes = append(codes, codes[0])
	probs.add(line, "parent_code makes a loop: %s", strings.Join(codes, " → "))
}

// writeUnits inserts or updates the rows, which come parents first.
func (tx *Tx) writeUnits(rows []unitRow, existing map[string]existingUnit) (ImportResult, error) {
	w, err := tx.newUnitWriter(existing)
	if err != nil {
		return ImportResult{}, fmt.Errorf("write units: %w", err)
	}
	defer w.close()
	var res ImportResult
	for _, r := range rows {
		if err := w.write(r, &res); err != nil {
			return ImportResult{}, err
		}
	}
	return res, tx.refreshDepths()
}

// unitWriter writes imported rows with prepared statements.
type unitWriter struct {
	tx        *Tx
	ins, upd  *sql.Stmt
	existing  map[string]existingUnit
	ids       map[string]int64 // by lower-case code, filled as rows are written
	now, base int64
}

func (tx *Tx) newUnitWriter(existing map[string]existingUnit) (*unitWriter, error) {
	w := &unitWriter{tx: tx, existing: existing, ids: map[string]int64{}, now: ms(tx.Now)}
	for k, u := range existing {
		w.ids[k] = u.id
	}
	var err error
	if w.base, err = tx.count(`SELECT COALESCE(MAX(position), 0) FROM units`); err != nil {
		return nil, err
	}
	if w.ins, err = tx.tx.PrepareContext(tx.ctx, `INSERT INTO units
		(code, name, kind, parent_id, search_key, position, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if w.upd, err = tx.tx.PrepareContext(tx.ctx, `UPDATE units
		SET name = ?, kind = ?, parent_id = ?, search_key = ?, updated_at = ? WHERE id = ?`); err != nil {
		w.ins.Close()
		return nil, err
	}
	return w, nil
}

func (w *unitWriter) close() {
	w.ins.Close()
	w.upd.Close()
}

// write creates, updates or leaves one unit; its parent is already written.
func (w *unitWriter) write(r unitRow, res *ImportResult) error {
	parent := nullID(w.ids[r.parentKey])
	ex, found := w.existing[r.key]
	switch {
	case !found:
		out, err := w.ins.ExecContext(w.tx.ctx, r.code, r.name, r.kind, parent, Fold(r.name),
			w.base+int64(r.line), w.now, w.now)
		if err == nil {
			w.ids[r.key], err = out.LastInsertId()
		}
		if err != nil {
			return fmt.Errorf("insert unit %q: %w", r.code, err)
		}
		res.Created++
	case ex.name == r.name && ex.kind == r.kind && ex.parentKey == r.parentKey:
		res.Unchanged++
	default:
		if _, err := w.upd.ExecContext(w.tx.ctx, r.name, r.kind, parent, Fold(r.name), w.now, ex.id); err != nil {
			return fmt.Errorf("update unit %q: %w", r.code, err)
		}
		res.Updated++
	}
	return nil
}
