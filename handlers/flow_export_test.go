package handlers_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// exportSeed stores, at the harness's clock (08:00 on 2 August 2021 in
// Hà Nội), a resident of HN-TM-T01 with a check-in with symptoms, a
// report and a help request taken on and done two and a half hours
// later, and a resident of another ward with the same.
func exportSeed(t *testing.T, h *harness, platform string) {
	t.Helper()
	an := h.residentOn(platform, "7001", "Nguyễn Văn An", "HN-TM-T01", "")
	chi := h.residentOn(platform, "7002", "Trần Thị Chi", "HN-HL-T01", "")
	err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		for _, r := range []int64{an, chi} {
			if _, _, err := tx.SaveCheckin(storage.Checkin{ResidentID: r, Day: "2021-08-01", Health: storage.HealthSymptoms,
				Symptoms: []string{"fever"}, Need: storage.NeedFood, Pledge5K: true}); err != nil {
				return err
			}
			unit, err := tx.ResidentByID(r)
			if err != nil {
				return err
			}
			if _, err := tx.CreateDeed(storage.Deed{ResidentID: r, UnitID: unit.UnitID, Category: "help",
				CategoryLabel: "Giúp đỡ", Subject: storage.SubjectSelf, Description: "=1+1 đưa cụ bà đi tiêm, \"vui\" lắm"}); err != nil {
				return err
			}
			if _, err := tx.CreateHelpRequest(storage.HelpRequest{ResidentID: r, UnitID: unit.UnitID, Kind: storage.NeedFood,
				Source: storage.HelpFromSupport}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.now = h.now.Add(150 * time.Minute)
	if err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		_, err := tx.ResolveHelpRequest(1, 0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// official stores a person of platform who oversees unit.
func official(t *testing.T, h *harness, platform, userID, name, unit string) *person {
	t.Helper()
	p := h.member(platform, userID, name, "", "")
	err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		r, err := tx.ResidentByPlatformUser(platform, userID)
		if err != nil {
			return err
		}
		u, err := tx.UnitByCode(unit)
		if err != nil {
			return err
		}
		_, err = tx.GrantRole(r.ID, storage.RoleOfficial, u.ID, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// document is the file in what was delivered to chatID, or fails.
func document(t *testing.T, out []sent, chatID string) bot.Outgoing {
	t.Helper()
	for _, s := range to(out, chatID) {
		if s.msg.Kind == bot.OutDoc {
			return s.msg
		}
	}
	t.Fatalf("no file sent to %s: %+v", chatID, out)
	return bot.Outgoing{}
}

// noDocument checks that nothing but text went to chatID.
func noDocument(t *testing.T, out []sent, chatID string) {
	t.Helper()
	for _, s := range to(out, chatID) {
		if s.msg.Kind == bot.OutDoc {
			t.Errorf("a file was sent: %s", s.msg.FileName)
		}
	}
}

// exportOf has p type text, which must ask for a file: the update itself
// sends no file, only word that one is coming, and stores the request.
// It then runs the export job, which must queue one message, and returns
// what was delivered.
func exportOf(t *testing.T, h *harness, p *person, text string) []sent {
	t.Helper()
	asked(t, h, p, text)
	n, err := h.app.RunExports(h.ctx)
	if err != nil || n != 1 {
		t.Fatalf("%s: the export job queued %d messages (%v), want 1", text, n, err)
	}
	return h.drain()
}

// asked has p type text, which must be answered at once with word that
// the file is coming, and no file.
func asked(t *testing.T, h *harness, p *person, text string) {
	t.Helper()
	noDocument(t, p.say(text), p.id)
	if got := p.unread(); !strings.Contains(got, "Chung Sức đang chuẩn bị") || !strings.Contains(got, "trong ít phút") {
		t.Errorf("%s: replied %q, want word that the file is coming", text, got)
	}
}

// workbookRows reads the one sheet of a workbook.
func workbookRows(t *testing.T, content []byte) (string, [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(content))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("sheets %q, want one", sheets)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	return sheets[0], rows
}

// csvRows reads a CSV file that must start with a byte-order mark.
func csvRows(t *testing.T, content []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(content, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("no byte-order mark: %q", content[:min(len(content), 20)])
	}
	if !bytes.Contains(rest, []byte("\r\n")) {
		t.Errorf("lines do not end with CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v", err)
	}
	return rows
}

// TestExportFiles: a coordinator gets the reports, check-ins (without
// health details) and help requests of their units as a workbook or a
// CSV file; an official of the ward above gets the health details too;
// other wards never appear. On a messenger without files, a short export
// comes as text and a long one is explained.
func TestExportFiles(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		exportSeed(t, h, platform)
		coord := h.member(platform, "7101", "Hùng", "", "HN-TM-T01")
		chief := official(t, h, platform, "7201", "Bà Lan", "HN-TM")
		if !testPlatforms.Of(platform).Documents {
			exportAsText(t, h, coord)
			return
		}

		doc := document(t, exportOf(t, h, coord, "/xuatfile viectot"), coord.id)
		if want := "chungsuc-viec-tot-20210704-20210802.xlsx"; doc.FileName != want {
			t.Errorf("file name %q, want %q", doc.FileName, want)
		}
		if !strings.Contains(doc.Text, "Tổ dân phố 1") || !strings.Contains(doc.Text, "04/07/2021") ||
			!strings.Contains(doc.Text, "1 dòng") {
			t.Errorf("caption %q", doc.Text)
		}
		sheet, rows := workbookRows(t, doc.Content)
		if sheet != "Việc tốt" || len(rows) != 2 {
			t.Fatalf("sheet %q: %q", sheet, rows)
		}
		wantHead := []string{"Mã báo cáo", "Thời gian báo cáo", "Mã đơn vị", "Đơn vị", "Loại việc tốt", "Nội dung",
			"Tình trạng", "Người báo cáo", "Được biểu dương"}
		if !slices.Equal(rows[0], wantHead) {
			t.Errorf("header %q", rows[0])
		}
		wantRow := []string{"VT-000001", "02/08/2021 08:00", "HN-TM-T01", "Tổ dân phố 1", "Giúp đỡ người khó khăn",
			"=1+1 đưa cụ bà đi tiêm, \"vui\" lắm", "Chờ duyệt", "Nguyễn Văn An", "Không"}
		if !slices.Equal(rows[1], wantRow) {
			t.Errorf("row\n got %q\nwant %q", rows[1], wantRow)
		}
		if n := h.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'export_deeds' AND outcome = 'ok'`); n != 1 {
			t.Errorf("%d audit entries for the export", n)
		}

		doc = document(t, exportOf(t, h, coord, "/export diemdanh csv"), coord.id)
		rows = csvRows(t, doc.Content)
		if !strings.HasSuffix(doc.FileName, ".csv") || len(rows) != 2 {
			t.Fatalf("%s: %q", doc.FileName, rows)
		}
		if want := []string{"Ngày", "Thời gian khai báo", "Mã đơn vị", "Đơn vị", "Họ tên", "Người khai hộ", "Cam kết 5K"}; !slices.Equal(rows[0], want) {
			t.Errorf("a coordinator's check-in columns %q, want %q", rows[0], want)
		}
		if want := []string{"01/08/2021", "02/08/2021 08:00", "HN-TM-T01", "Tổ dân phố 1", "Nguyễn Văn An", "", "Có"}; !slices.Equal(rows[1], want) {
			t.Errorf("row %q, want %q", rows[1], want)
		}

		doc = document(t, exportOf(t, h, chief, "/xuatfile diemdanh 01/08/2021 csv"), chief.id)
		rows = csvRows(t, doc.Content)
		if len(rows) != 2 || len(rows[0]) != 11 || rows[0][7] != "Sức khỏe" {
			t.Fatalf("an official's check-ins: %q", rows)
		}
		if got, want := rows[1][7:], []string{"Có triệu chứng", "Sốt", "", "Thực phẩm"}; !slices.Equal(got, want) {
			t.Errorf("health columns %q, want %q", got, want)
		}

		doc = document(t, exportOf(t, h, chief, "/xuatfile hotro csv"), chief.id)
		rows = csvRows(t, doc.Content)
		if want := []string{"HT-000001", "02/08/2021 08:00", "HN-TM-T01", "Tổ dân phố 1", "Thực phẩm", "Đã xong", "",
			"02/08/2021 10:30", "2.5"}; len(rows) != 2 || !slices.Equal(rows[1], want) {
			t.Errorf("requests %q, want a row %q", rows, want)
		}
		doc = document(t, exportOf(t, h, coord, "/export deeds csv"), coord.id)
		if rows = csvRows(t, doc.Content); rows[1][5] != "'=1+1 đưa cụ bà đi tiêm, \"vui\" lắm" {
			t.Errorf("a description that looks like a formula: %q", rows[1][5])
		}

		if platform == "telegram" { // the administrator is a Telegram user
			h.resident(adminID, "Quản trị", "", "")
			doc = document(t, exportOf(t, h, h.who(adminID), "/xuatfile diemdanh"), adminID)
			_, rows = workbookRows(t, doc.Content)
			if len(rows) != 3 || len(rows[0]) != 11 || !strings.Contains(doc.Text, "tất cả các đơn vị") {
				t.Errorf("the administrator's check-ins (%s): %q", doc.Text, rows)
			}
		}
	})
}

// exportAsText: without files, a short export comes as CSV text, and a
// long one is explained with what to do.
func exportAsText(t *testing.T, h *harness, coord *person) {
	t.Helper()
	coord.say("/xuatfile")
	if got := coord.unread(); !strings.Contains(got, "Trên Zalo, Chung Sức chưa gửi được tệp") {
		t.Errorf("the usage without files: %q", got)
	}
	exportOf(t, h, coord, "/xuatfile hotro")
	if got := coord.unread(); !strings.Contains(got, "HT-000001") || !strings.Contains(got, "Mã đề nghị") ||
		!strings.Contains(got, "1 dòng") || strings.Contains(got, "\uFEFF") {
		t.Errorf("a short export as text: %q", got)
	}
	err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM-T01")
		if err != nil {
			return err
		}
		for i := range 40 {
			if _, err := tx.CreateDeed(storage.Deed{UnitID: u.ID, Subject: storage.SubjectOther,
				Description: fmt.Sprintf("Việc tốt số %d: dọn vệ sinh ngõ xóm cùng bà con", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	noDocument(t, exportOf(t, h, coord, "/xuatfile viectot"), coord.id)
	if got := coord.unread(); !strings.Contains(got, "41 dòng") || !strings.Contains(got, "Zalo") ||
		!strings.Contains(got, "/lienket") || strings.Contains(got, "VT-000001") {
		t.Errorf("a long export without files: %q", got)
	}
}

// TestExportEmpty: a range with nothing in it still gives a file with
// its header row, and says 0 rows.
func TestExportEmpty(t *testing.T) {
	h := newHarness(t)
	coord := h.member("telegram", "7101", "Hùng", "", "HN-TM-T01")
	doc := document(t, exportOf(t, h, coord, "/xuatfile hotro 01/01/2021 31/01/2021"), coord.id)
	if !strings.Contains(doc.Text, "0 dòng") || !strings.Contains(doc.Text, "01/01/2021") {
		t.Errorf("caption %q", doc.Text)
	}
	if _, rows := workbookRows(t, doc.Content); len(rows) != 1 || rows[0][0] != "Mã đề nghị" {
		t.Errorf("rows %q", rows)
	}
	doc = document(t, exportOf(t, h, coord, "/export checkins 2021-01-01 2021-01-31 csv"), coord.id)
	if rows := csvRows(t, doc.Content); len(rows) != 1 || rows[0][0] != "Ngày" {
		t.Errorf("rows %q", rows)
	}
}

// TestExportRefusals: what cannot be exported is refused with the
// reason and an example, and nothing is sent; a resident without a role
// gets the coordinators' refusal.
func TestExportRefusals(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7101", "Hùng", "", "HN-TM-T01")
		resident := h.member(platform, "7001", "An", "HN-TM-T01", "")
		for _, c := range []struct{ label, text, want string }{
			{"no kind", "/xuatfile", "Xuất tệp dữ liệu"},
			{"an unknown kind", "/xuatfile thongke", "chưa hiểu “thongke”"},
			{"a date that is no date", "/xuatfile viectot 31/02/2021", "“31/02/2021” chưa phải là ngày"},
			{"words that are no date", "/export deeds yesterday", "“yesterday” chưa phải là ngày"},
			{"a range over a year", "/xuatfile diemdanh 01/01/2020 02/08/2021", "nhiều nhất 366 ngày"},
			{"the first day after the last", "/xuatfile hotro 02/08/2021 01/08/2021", "đang ở sau ngày kết thúc"},
			{"a first day to come", "/xuatfile hotro 03/08/2021", "chưa tới"},
			{"three dates", "/xuatfile hotro 01/07 02/07 03/07", "“03/07” là phần ghi thừa"},
		} {
			out := coord.say(c.text)
			noDocument(t, out, coord.id)
			got := coord.unread()
			if !strings.Contains(got, c.want) {
				t.Errorf("%s: %q, want %q", c.label, got, c.want)
			}
			if c.text != "/xuatfile" && !strings.Contains(got, "Ví dụ") {
				t.Errorf("%s: no example in %q", c.label, got)
			}
		}
		noDocument(t, resident.say("/xuatfile viectot"), resident.id)
		if got := resident.unread(); !strings.Contains(got, "dành cho cán bộ phụ trách") {
			t.Errorf("a resident's /xuatfile: %q", got)
		}
		if n := h.count(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'export%'`); n != 0 {
			t.Errorf("%d exports audited, none made", n)
		}
		if n := h.count(`SELECT COUNT(*) FROM export_requests`); n != 0 {
			t.Errorf("%d files asked for, none should be", n)
		}
	})
}

// TestWriteExportStopsAtTheLimit: rows past the limit are left out, and
// the result says so.
func TestWriteExportStopsAtTheLimit(t *testing.T) {
	h := newHarness(t)
	exportSeed(t, h, "telegram")
	spec := handlers.ExportSpec{Kind: handlers.ExportCheckins, Format: handlers.FormatCSV, Scope: storage.Scope{All: true},
		From: time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2021, 8, 2, 0, 0, 0, 0, time.UTC),
		Loc: time.UTC, Lang: "en", Limit: 1}
	var buf bytes.Buffer
	res, err := handlers.WriteExport(context.Background(), h.db, spec, &buf)
	if err != nil || res.Rows != 1 || !res.Capped {
		t.Fatalf("limit 1 of 2: %+v, %v", res, err)
	}
	if rows := csvRows(t, buf.Bytes()); len(rows) != 2 || rows[0][0] != "Day" {
		t.Errorf("rows %q", rows)
	}
	spec.Format = "pdf"
	if _, err := handlers.WriteExport(context.Background(), h.db, spec, &buf); err == nil {
		t.Error("a PDF export was not refused")
	}
}

// exportStatus is the status and attempts of the newest request for a
// file.
func exportStatus(t *testing.T, h *harness) string {
	t.Helper()
	var status string
	var attempts int
	db, err := sql.Open("sqlite", "file:"+h.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT status, attempts FROM export_requests ORDER BY id DESC LIMIT 1`).Scan(&status, &attempts); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s %d", status, attempts)
}

// TestExportIsMadeByTheJob: the update that asks for a file only stores
// the request and says the file is coming; nothing is read or sent until
// the export job runs, which sends the file once and audits it then.
func TestExportIsMadeByTheJob(t *testing.T) {
	h := newHarness(t)
	exportSeed(t, h, "telegram")
	coord := h.member("telegram", "7101", "Hùng", "", "HN-TM-T01")
	asked(t, h, coord, "/xuatfile viectot")
	if got, want := exportStatus(t, h), "pending 0"; got != want {
		t.Errorf("the request after the update: %q, want %q", got, want)
	}
	if n := h.count(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'export%'`); n != 0 {
		t.Errorf("%d exports audited before any file was made", n)
	}
	n, err := h.app.RunExports(h.ctx)
	if err != nil || n != 1 {
		t.Fatalf("RunExports = %d, %v; want 1 message", n, err)
	}
	if _, rows := workbookRows(t, document(t, h.drain(), coord.id).Content); len(rows) != 2 {
		t.Errorf("rows %q", rows)
	}
	if got, want := exportStatus(t, h), "done 1"; got != want {
		t.Errorf("the request after the job: %q, want %q", got, want)
	}
	if n, err := h.app.RunExports(h.ctx); err != nil || n != 0 {
		t.Errorf("a second run queued %d messages (%v): a file is sent once", n, err)
	}
	if out := h.drain(); len(out) != 0 {
		t.Errorf("delivered again: %+v", out)
	}
	if n := h.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'export_deeds' AND actor_id IS NOT NULL`); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
}

// TestExportSurvivesACrash: a request claimed by a run that never
// finished (the bot crashed, or the run ran out of time) is made by a
// later run once the claim is stale, and sent once; one that keeps
// failing is given up with an apology after MaxExportAttempts.
func TestExportSurvivesACrash(t *testing.T) {
	h := newHarness(t)
	exportSeed(t, h, "telegram")
	coord := h.member("telegram", "7101", "Hùng", "", "HN-TM-T01")
	asked(t, h, coord, "/xuatfile hotro csv")
	if _, err := h.db.ClaimExport(h.ctx, handlers.ExportStaleAfter); err != nil { // the run that crashed
		t.Fatal(err)
	}
	t.Run("a claim still fresh is left alone", func(t *testing.T) {
		h.now = h.now.Add(handlers.ExportStaleAfter - time.Second)
		if n, err := h.app.RunExports(h.ctx); err != nil || n != 0 {
			t.Errorf("RunExports = %d, %v; want nothing", n, err)
		}
	})
	t.Run("a stale claim is taken up and the file sent once", func(t *testing.T) {
		h.now = h.now.Add(time.Second)
		if n, err := h.app.RunExports(h.ctx); err != nil || n != 1 {
			t.Fatalf("RunExports = %d, %v; want the file", n, err)
		}
		if rows := csvRows(t, document(t, h.drain(), coord.id).Content); len(rows) != 2 {
			t.Errorf("rows %q", rows)
		}
		if got, want := exportStatus(t, h), "done 2"; got != want {
			t.Errorf("the request: %q, want %q", got, want)
		}
		h.now = h.now.Add(handlers.ExportStaleAfter)
		if n, err := h.app.RunExports(h.ctx); err != nil || n != 0 {
			t.Errorf("RunExports again = %d, %v; want nothing", n, err)
		}
	})
	t.Run("a request that keeps failing is given up politely", func(t *testing.T) {
		coord.unread()
		asked(t, h, coord, "/xuatfile viectot")
		for range handlers.MaxExportAttempts { // runs that crashed, each after the last was stale
			if _, err := h.db.ClaimExport(h.ctx, handlers.ExportStaleAfter); err != nil {
				t.Fatal(err)
			}
			h.now = h.now.Add(handlers.ExportStaleAfter)
		}
		if n, err := h.app.RunExports(h.ctx); err != nil || n != 1 {
			t.Fatalf("RunExports = %d, %v; want the apology", n, err)
		}
		noDocument(t, h.drain(), coord.id)
		if got := coord.unread(); !strings.Contains(got, "Xin lỗi bạn, Chung Sức chưa chuẩn bị được tệp Việc tốt") {
			t.Errorf("the apology: %q", got)
		}
		if got, want := exportStatus(t, h), fmt.Sprintf("failed %d", handlers.MaxExportAttempts+1); got != want {
			t.Errorf("the request: %q, want %q", got, want)
		}
	})
}

// TestExportAfterTheRoleEnds: a file is made with the roles held when
// the job runs: a coordinator whose role ended meanwhile gets a word of
// why, and no file.
func TestExportAfterTheRoleEnds(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		exportSeed(t, h, platform)
		coord := h.member(platform, "7101", "Hùng", "", "HN-TM-T01")
		asked(t, h, coord, "/xuatfile viectot")
		err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
			r, err := tx.ResidentByPlatformUser(platform, "7101")
			if err != nil {
				return err
			}
			roles, err := tx.RolesOf(r.ID)
			if err != nil {
				return err
			}
			for _, g := range roles {
				if err := tx.RevokeRole(g.ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := h.app.RunExports(h.ctx); err != nil || n != 1 {
			t.Fatalf("RunExports = %d, %v; want one word", n, err)
		}
		noDocument(t, h.drain(), coord.id)
		if got := coord.unread(); !strings.Contains(got, "không còn phụ trách") {
			t.Errorf("told %q", got)
		}
		if n := h.count(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'export%'`); n != 0 {
			t.Errorf("%d exports audited, none made", n)
		}
	})
}

// TestExportsWaitingAreBounded: one person may have MaxExportsWaiting
// files waiting; one more is refused with a word to wait, and is not
// stored.
func TestExportsWaitingAreBounded(t *testing.T) {
	h := newHarness(t)
	coord := h.member("telegram", "7101", "Hùng", "", "HN-TM-T01")
	for range handlers.MaxExportsWaiting {
		asked(t, h, coord, "/xuatfile hotro")
	}
	noDocument(t, coord.say("/xuatfile hotro"), coord.id)
	if got := coord.unread(); !strings.Contains(got, "vẫn đang chuẩn bị") {
		t.Errorf("one file too many: %q", got)
	}
	if n := h.count(`SELECT COUNT(*) FROM export_requests`); n != handlers.MaxExportsWaiting {
		t.Errorf("%d requests stored, want %d", n, handlers.MaxExportsWaiting)
	}
	if n, err := h.app.RunExports(h.ctx); err != nil || n != handlers.MaxExportsWaiting {
		t.Errorf("RunExports = %d, %v; want every file", n, err)
	}
}

// TestPruneExports: a request done a week ago goes; one waiting stays.
func TestPruneExports(t *testing.T) {
	h := newHarness(t)
	coord := h.member("telegram", "7101", "Hùng", "", "HN-TM-T01")
	exportOf(t, h, coord, "/xuatfile hotro")
	asked(t, h, coord, "/xuatfile viectot")
	if err := h.app.Prune(h.ctx, h.now.Add(handlers.KeepExports-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := h.count(`SELECT COUNT(*) FROM export_requests`); n != 2 {
		t.Errorf("%d requests after pruning too soon, want 2", n)
	}
	if err := h.app.Prune(h.ctx, h.now.Add(handlers.KeepExports+time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := h.count(`SELECT COUNT(*) FROM export_requests WHERE status = 'pending'`); n != 1 {
		t.Errorf("%d requests waiting after pruning, want 1", n)
	}
	if n := h.count(`SELECT COUNT(*) FROM export_requests`); n != 1 {
		t.Errorf("%d requests after pruning, want the one waiting", n)
	}
}
