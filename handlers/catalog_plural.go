package handlers

import (
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message/catalog"
)

// pluralMessage is a message whose words depend on a count: English says
// "1 check-in" and "2 check-ins", Vietnamese "1 lượt" and "2 lượt".
// Arg is the count's place among the message's arguments (1 is the
// first); each language gives one message per plural form it has, by its
// CLDR name ("one", "other"): Vietnamese has only "other", English "one"
// and "other". Every form of both languages uses the same arguments with
// the same verbs, in any order (%[n]); the tests check it.
type pluralMessage struct {
	key    string
	arg    int
	vi, en map[string]string
}

// pluralForms lists the CLDR plural forms in the order they are tried;
// "other", which matches every count, comes last.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// forms returns the message's forms in lang, nil if it has none there.
func (m pluralMessage) forms(lang string) map[string]string {
	switch lang {
	case "vi":
		return m.vi
	case "en":
		return m.en
	}
	return nil
}

// message is the x/text message that picks among forms by the count.
func (m pluralMessage) message(forms map[string]string) catalog.Message {
	cases := make([]any, 0, 2*len(forms))
	for _, f := range pluralForms {
		if text, ok := forms[f]; ok {
			cases = append(cases, f, text)
		}
	}
	return plural.Selectf(m.arg, "%d", cases...)
}

// plurals is every plural message of the catalogue. The per-feature maps
// of *_text.go hold one string per key; a message that counts lives here
// instead, under the same kind of key.
var plurals = []pluralMessage{
	// Durations (core.duration).
	{"time.minutes", 1, map[string]string{"other": "%d phút"},
		map[string]string{"one": "%d minute", "other": "%d minutes"}},
	{"time.hours", 1, map[string]string{"other": "%d giờ"},
		map[string]string{"one": "%d hour", "other": "%d hours"}},
	{"time.days", 1, map[string]string{"other": "%d ngày"},
		map[string]string{"one": "%d day", "other": "%d days"}},

	// Counts of things, for campaigns, the leaderboard, digests and exports.
	{"count.checkins", 1, map[string]string{"other": "%d lượt điểm danh"},
		map[string]string{"one": "%d check-in", "other": "%d check-ins"}},
	{"count.residents", 1, map[string]string{"other": "%d cư dân"},
		map[string]string{"one": "%d resident", "other": "%d residents"}},
	{"count.deeds", 1, map[string]string{"other": "%d việc tốt"},
		map[string]string{"one": "%d good deed", "other": "%d good deeds"}},
	{"count.requests", 1, map[string]string{"other": "%d yêu cầu hỗ trợ"},
		map[string]string{"one": "%d help request", "other": "%d help requests"}},
	{"count.units", 1, map[string]string{"other": "%d đơn vị"},
		map[string]string{"one": "%d unit", "other": "%d units"}},
	{"count.rows", 1, map[string]string{"other": "%d dòng"},
		map[string]string{"one": "%d row", "other": "%d rows"}},
	{"count.points", 1, map[string]string{"other": "%d điểm"},
		map[string]string{"one": "%d point", "other": "%d points"}},
	{"unsubscribe.done", 1, map[string]string{"other": "Đã thôi gửi %d lịch báo cáo nhanh cho bạn. Bạn vẫn xem được bất cứ lúc nào bằng /baocaonhanh."},
		map[string]string{"one": "Stopped %d scheduled quick report. You can still read one at any time with /digest.",
			"other": "Stopped %d scheduled quick reports. You can still read one at any time with /digest."}},

	// Features' messages that count something, moved here from their
	// *_text.go maps so that English can say "1 report", "2 reports".
	{"review.head", 1,
		map[string]string{"other": "📋 <b>Duyệt báo cáo</b> · còn <b>%d</b> báo cáo đang chờ (kể cả báo cáo này)"},
		map[string]string{
			"one":   "📋 <b>Review</b> · <b>%d</b> report waiting (this one included)",
			"other": "📋 <b>Review</b> · <b>%d</b> reports waiting (this one included)",
		}},
	{"review.only_skipped", 1,
		map[string]string{"other": "Chỉ còn %d báo cáo bạn đã bỏ qua. Gõ /review để xem lại từ đầu."},
		map[string]string{
			"one":   "Only the %d report you skipped is left. Send /review to start again.",
			"other": "Only the %d reports you skipped are left. Send /review to start again.",
		}},
	{"publish.preview", 1,
		map[string]string{"other": "👆 Trên đây là tin sẽ gửi tới <b>%d</b> cư dân của <b>%s</b>.\n%s"},
		map[string]string{
			"one":   "👆 Above is the message <b>%d</b> resident of <b>%s</b> will get.\n%s",
			"other": "👆 Above is the message <b>%d</b> residents of <b>%s</b> will get.\n%s",
		}},
	{"publish.confirm", 1,
		map[string]string{"other": "📣 Đăng cho %d người"},
		map[string]string{"one": "📣 Publish to %d person", "other": "📣 Publish to %d people"}},
	{"appeal.preview", 1,
		map[string]string{"other": "👆 Trên đây là lời kêu gọi đúng như người nhận sẽ thấy.\n\nSẽ gửi tới <b>%d</b> người: %[3]s của <b>%[2]s</b> và các đơn vị trực thuộc (không gửi cho người đã dừng nhận tin). Thời gian gửi ước tính: %[4]s."},
		map[string]string{
			"one":   "👆 Above is the appeal exactly as its recipients will see it.\n\nIt goes to <b>%d</b> person: %[3]s of <b>%[2]s</b> and the units below it (not those who stopped messages). Estimated sending time: %[4]s.",
			"other": "👆 Above is the appeal exactly as its recipients will see it.\n\nIt goes to <b>%d</b> people: %[3]s of <b>%[2]s</b> and the units below it (not those who stopped messages). Estimated sending time: %[4]s.",
		}},
	{"appeal.waiting", 1,
		map[string]string{"other": "🕖 Chờ gửi tới %d người, bắt đầu lúc %s."},
		map[string]string{"one": "🕖 Waiting to go to %d person, from %s.", "other": "🕖 Waiting to go to %d people, from %s."}},
	{"appeal.cancelled_line", 2,
		map[string]string{"other": "✖️ Đã hủy: đã gửi %d tin; %d người không nhận được."},
		map[string]string{"one": "✖️ Cancelled: %d sent; %d person did not get it.", "other": "✖️ Cancelled: %d sent; %d people did not get it."}},
	{"audit.do.appeal_cancel", 2,
		map[string]string{"other": "hủy %s (%d người không nhận được)"},
		map[string]string{"one": "cancelled %s (%d person will not get it)", "other": "cancelled %s (%d people will not get it)"}},
	{"audit.title", 1,
		map[string]string{"other": "<b>Nhật ký hoạt động</b> (%d mục, mới nhất trước)"},
		map[string]string{"one": "<b>Activity log</b> (%d entry, newest first)", "other": "<b>Activity log</b> (%d entries, newest first)"}},
	{"coord.waiting_deeds", 1,
		map[string]string{"other": "⏳ Đang chờ: <b>%d</b> báo cáo chưa duyệt."},
		map[string]string{"one": "⏳ Waiting: <b>%d</b> report to review.", "other": "⏳ Waiting: <b>%d</b> reports to review."}},
	{"coord.waiting_help", 1,
		map[string]string{"other": "⏳ Đang chờ: <b>%d</b> đề nghị hỗ trợ chưa có người tiếp nhận."},
		map[string]string{
			"one":   "⏳ Waiting: <b>%d</b> request for help nobody has taken on.",
			"other": "⏳ Waiting: <b>%d</b> requests for help nobody has taken on.",
		}},
	{"coord.more_waiting", 1,
		map[string]string{"other": "Còn %d việc nữa đang chờ. Sau khi xử lý những việc trên, gõ /help và chọn “Xem các việc đang chờ” để xem tiếp."},
		map[string]string{
			"one":   "%d more is waiting. Once you have handled these, send /help and choose “See what is waiting” for the next one.",
			"other": "%d more are waiting. Once you have handled these, send /help and choose “See what is waiting” for the next ones.",
		}},
	{"family.removed", 2,
		map[string]string{"other": "Đã xóa <b>%s</b> khỏi danh sách, cùng %d lượt khai báo y tế của người thân này."},
		map[string]string{
			"one":   "<b>%s</b> is removed from the list, with %d health check-in made for them.",
			"other": "<b>%s</b> is removed from the list, with %d health check-ins made for them.",
		}},
	{"forget.done_kept", 1,
		map[string]string{"other": "Chung Sức giữ lại %d báo cáo đã được biểu dương, không kèm tên bạn."},
		map[string]string{"one": "Chung Sức keeps %d commended report, without your name.", "other": "Chung Sức keeps %d commended reports, without your name."}},
	{"deed.desc_short", 1,
		map[string]string{"other": "Mô tả hơi ngắn: bạn đã gõ %d ký tự, cần từ %d đến %d ký tự. Mời bạn kể thêm một chút rồi gửi lại."},
		map[string]string{
			"one":   "That is a little short: you typed %d character, and %d to %d are needed. Please tell a bit more and send it again.",
			"other": "That is a little short: you typed %d characters, and %d to %d are needed. Please tell a bit more and send it again.",
		}},
	{"checkin.streak_for", 2,
		map[string]string{"other": "🔥 %s: %d ngày khai báo liên tiếp"},
		map[string]string{"one": "🔥 %s: %d day in a row", "other": "🔥 %s: %d days in a row"}},
}
