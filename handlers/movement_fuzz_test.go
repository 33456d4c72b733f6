package handlers_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/storage"
)

// FuzzMovementCommands types anything after the campaign's commands
// (/phongtrao and its edits, /xephang, /vungxanh, /baocaonhanh, /dangky,
// /huydangky) as a ward's coordinator, an official and a resident:
// nothing may fail or panic, every message gets a reply, and a stored
// campaign stays one that could be stored (CheckCampaign).
func FuzzMovementCommands(f *testing.F) {
	for _, seed := range []string{
		"/phongtrao", "/phongtrao mau", "/phongtrao moi Chung sức", "/phongtrao ten ", "/phongtrao khauhieu x",
		"/phongtrao ngay 01/08/2021 31/12/2021", "/phongtrao ngay 31/02/2021 1/1", "/phongtrao ngay 2021-08-02 - 2021-09-01",
		"/phongtrao nhiemvu\n1. Giữ 5K\n2) Khai báo", "/phongtrao tieuchi\nGiúp đỡ: 3\nSáng kiến - 4 điểm",
		"/phongtrao tieuchi\nKhông điểm", "/phongtrao tieuchi\nA (0đ)", "/phongtrao HN-TM ketthuc", "/phongtrao HN-HL ten x",
		"/xephang", "/xephang cachtinh", "/xephang HN", "/xephang tuong mai", "/top formula",
		"/vungxanh", "/vungxanh HN-TM-T01 xanh Không có ca mới", "/vungxanh HN-TM-T01 tudong", "/vungxanh X y",
		"/baocaonhanh", "/baocaonhanh tuan", "/baocaonhanh HN-TM ngay", "/digest weekly extra",
		"/dangky", "/dangky hangngay 18:30", "/dangky hangtuan HN-TM thứ Hai 08:00", "/dangky hangngay 99:99",
		"/dangky tuan 0 8 * * *", "/huydangky", "/huydangky hangtuan", "/unsubscribe x",
		"/tiemchung", "/tiemchung Bà Tư", "/vaccine %", "/tiemchung _", "/tiemchung 01/07/2021", "1/7", "31/02/2021",
		"/mohinh", "/mohinh MH-1", "/mohinh mh1", "/practice 999999999999", "/mohinh MH--1",
		"/qr", "/maqr HN-TM-T01", "/qr g_hn-tm", "/qr HN", "/qr \u200b", "/maqr " + strings.Repeat("X", 70),
	} {
		f.Add(seed)
	}
	e := newHarness(f)
	e.resident("9911", "Mai", "HN-TM-T01", "HN-TM")
	e.resident("9912", "An", "HN-TM-T02", "")
	off := e.official("telegram", "9913", "Hải", "HN-TM")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || strings.TrimSpace(text) == "" || len(text) > 5000 {
			return
		}
		e.t = t
		e.now = e.now.Add(time.Minute) // never the flood limit, which drops in silence
		for _, who := range []string{"9911", off.id, "9912"} {
			out := e.say(who, text)
			if len(to(out, who)) == 0 {
				t.Fatalf("%q from %s got no reply", text, who)
			}
			e.say(who, "/cancel")
		}
		err := e.db.View(e.ctx, func(tx *storage.Tx) error {
			unit, err := tx.UnitByCode("HN-TM")
			if err != nil {
				return err
			}
			x, err := tx.UnitCampaign(unit.ID, "2021-01-01")
			if errors.Is(err, storage.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			return storage.CheckCampaign(x)
		})
		if err != nil {
			t.Fatalf("after %q: %v", text, err)
		}
	})
}
