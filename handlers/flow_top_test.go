package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/storage"
)

// checkinsFor saves a check-in of each resident id on day, with health.
func (h *harness) checkinsFor(day, health string, ids ...int64) {
	h.t.Helper()
	err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		for _, id := range ids {
			if _, _, err := tx.SaveCheckin(storage.Checkin{ResidentID: id, Day: day, Health: health,
				Need: storage.NeedNone}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// residentsIn stores n residents of unit code, named after prefix.
func (h *harness) residentsIn(prefix, code string, n int) []int64 {
	h.t.Helper()
	var ids []int64
	for i := range n {
		ids = append(ids, h.resident(fmt.Sprintf("%s%d", prefix, i), fmt.Sprintf("%s %d", prefix, i), code, ""))
	}
	return ids
}

// TestTopRanksUnits: the groups of a ward are ranked on their campaign
// score; a small group that checks in fully beats a large one at half;
// an F0 makes a group not green; commended deeds appear on the honour
// roll, named only with consent; the formula is explained; green zones
// are set by hand with a reason, by the ward's coordinators only.
func TestTopRanksUnits(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		ward := h.member(platform, "7301", "Chị Mai", "", "HN-TM")
		other := h.member(platform, "7302", "Anh Bình", "", "HN-HL")
		resident := h.member(platform, "7001", "An", "HN-TM-T02", "")
		small := h.residentsIn("T1-", "HN-TM-T01", 2)
		large := append(h.residentsIn("T2-", "HN-TM-T02", 9), h.residentOn(platform, "7001", "An", "HN-TM-T02", ""))

		resident.say("/xephang")
		if got := resident.unread(); !strings.Contains(got, "chưa có phong trào") || !strings.Contains(got, "Tổ dân phố 1") {
			t.Errorf("without a campaign: %q", got)
		}
		ward.say("/phongtrao mau")
		ward.press("Phát động")
		h.checkinsFor("2021-08-02", storage.HealthWell, small...)
		h.checkinsFor("2021-08-02", storage.HealthWell, large[:4]...)
		h.checkinsFor("2021-08-02", storage.HealthF0, large[4])

		resident.say("/xephang")
		got := resident.unread()
		i1, i2 := strings.Index(got, "Tổ dân phố 1"), strings.Index(got, "Tổ dân phố 2")
		if i1 < 0 || i2 < 0 || i1 > i2 {
			t.Fatalf("the small group at 100 %% should lead the large one at 50 %%: %q", got)
		}
		for _, want := range []string{"1. 🟢 Tổ dân phố 1:", "Tham gia 100%", "2. 🟠 Tổ dân phố 2 ⭐:", "Tham gia 50%",
			"Toàn dân đoàn kết", "/xephang cachtinh"} {
			if !strings.Contains(got, want) {
				t.Errorf("the leaderboard lacks %q: %q", want, got)
			}
		}
		resident.say("/xephang cachtinh")
		if got := resident.unread(); !strings.Contains(got, "100 × tỷ lệ điểm danh") || !strings.Contains(got, "tổ nhỏ vẫn có thể đứng đầu") {
			t.Errorf("the formula: %q", got)
		}

		// The honour roll: one deed named with consent, one not.
		yes, no := true, false
		err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
			for i, consent := range []*bool{&yes, &no} {
				d, err := tx.CreateDeed(storage.Deed{ResidentID: small[i], UnitID: unitOf(t, tx, "HN-TM-T01"),
					Subject: storage.SubjectSelf, Description: "Nấu cơm cho khu cách ly", CategoryLabel: "Giúp đỡ bà con khó khăn", Points: 3})
				if err != nil {
					return err
				}
				if err := tx.SetDeedConsent(d.ID, consent, nil); err != nil {
					return err
				}
				if _, err := tx.DecideDeed(d.ID, storage.DeedCommended, "", 1); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		resident.say("/xephang")
		got = resident.unread()
		if !strings.Contains(got, "Bảng vàng") || !strings.Contains(got, "T1- 0 (Tổ dân phố 1)") ||
			!strings.Contains(got, "Một cư dân Tổ dân phố 1") || strings.Contains(got, "T1- 1") {
			t.Errorf("the honour roll: %q", got)
		}

		group := h.member(platform, "7303", "Anh Tú", "", "HN-TM-T02")
		group.say("/vungxanh HN-TM-T02 xanh Tổ tôi đã ổn")
		if got := group.unread(); !strings.Contains(got, "do cấp trên xác nhận") {
			t.Errorf("a group's coordinator judging their own group: %q", got)
		}
		ward.say("/vungxanh HN-TM-T02 xanh")
		if got := ward.unread(); !strings.Contains(got, "Hãy ghi lý do") {
			t.Errorf("no reason: %q", got)
		}
		ward.say("/vungxanh HN-TM-T02 xanh Ca F0 đã khỏi, khu đã được khử khuẩn")
		if got := ward.unread(); !strings.Contains(got, "là vùng xanh") {
			t.Errorf("set green: %q", got)
		}
		other.say("/vungxanh HN-TM-T01 chuaxanh Thử đặt nơi khác")
		if got := other.unread(); !strings.Contains(got, "⛔") {
			t.Errorf("another ward's coordinator: %q", got)
		}
		ward.say("/vungxanh")
		if got := ward.unread(); !strings.Contains(got, "🟢 Tổ dân phố 2 (HN-TM-T02): do cấp trên xác nhận") {
			t.Errorf("the zones: %q", got)
		}
		resident.say("/xephang")
		if got := resident.unread(); !strings.Contains(got, "🟢 Tổ dân phố 2 ⭐") {
			t.Errorf("after setting green by hand: %q", got)
		}
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'zone'`); n != 1 {
			t.Errorf("%d zone changes audited, want 1", n)
		}
		resident.say("/vungxanh HN-TM-T02 xanh Tôi thấy ổn")
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'zone'`); n != 1 {
			t.Errorf("a resident changed a zone")
		}
	})
}

// unitOf is the id of the unit with code.
func unitOf(t *testing.T, tx *storage.Tx, code string) int64 {
	t.Helper()
	u, err := tx.UnitByCode(code)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
