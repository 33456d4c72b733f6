package storage

import (
	"errors"
	"strings"
	"testing"
)

// TestPractices posts practices, refuses bad ones, lists them exemplary
// first, marks one exemplary once, and counts the units that were asked,
// adopted it or asked for help (an answer never undone by asking again).
func TestPractices(t *testing.T) {
	db, clock := openSample(t)
	ward, group, other := unitID(t, db, "HN-TM"), unitID(t, db, "HN-TM-T01"), unitID(t, db, "HN-HL")
	update(t, db, func(tx *Tx) error {
		hung, err := tx.TouchResident("telegram", "1", "1", "Hùng", "", "vi")
		if err != nil {
			return err
		}
		good := Practice{UnitID: group, AuthorID: hung.ID, Title: "Siêu thị 0 đồng",
			What: "Gian hàng miễn phí rau, gạo, trứng cho hộ khó khăn.", How: "Mỗi hộ góp một ít, tổ phân phát theo phiếu.",
			Contact: "Tổ trưởng, 0912 345 678"}
		for _, bad := range []Practice{
			{UnitID: group, Title: "", What: good.What, How: good.How},
			{UnitID: group, Title: strings.Repeat("x", PracticeTitleMax+1), What: good.What, How: good.How},
			{UnitID: group, Title: "A", What: "ngắn", How: good.How},
			{UnitID: group, Title: "A", What: good.What, How: strings.Repeat("y", PracticeTextMax+1)},
			{UnitID: group, Title: "A", What: good.What, How: good.How, Photo: "file"},
			{UnitID: 999999, Title: "A", What: good.What, How: good.How},
		} {
			if _, err := tx.CreatePractice(bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("CreatePractice(%.40q…) = %v, want ErrInvalid", bad.Title, err)
			}
		}
		first, err := tx.CreatePractice(good)
		if err != nil {
			return err
		}
		clock.Advance(1)
		good.Title = "Cách ly 3 lớp"
		second, err := tx.CreatePractice(good)
		if err != nil {
			return err
		}
		good.UnitID, good.Title = other, "Túi an sinh"
		if _, err := tx.CreatePractice(good); err != nil {
			return err
		}
		list, err := tx.PracticesIn(Scope{Units: []int64{ward}}, 10)
		if err != nil || len(list) != 2 || list[0].ID != second.ID {
			t.Fatalf("PracticesIn = %+v, %v; want the ward's two, newest first", list, err)
		}
		if _, err := tx.MarkExemplary(first.ID, hung.ID); err != nil {
			return err
		}
		again, err := tx.MarkExemplary(first.ID, 0)
		if err != nil || again.ExemplaryBy != hung.ID {
			t.Errorf("marked again: %+v, %v", again, err)
		}
		if list, _ := tx.PracticesIn(Scope{Units: []int64{ward}}, 10); list[0].ID != first.ID {
			t.Errorf("the exemplary is not first: %+v", list)
		}
		for _, step := range []struct {
			unit   int64
			status string
		}{{group, AdoptionAsked}, {other, AdoptionAsked}, {group, AdoptionAdopted}, {group, AdoptionAsked}, {other, AdoptionHelp}} {
			if err := tx.SetAdoption(first.ID, step.unit, step.status, hung.ID); err != nil {
				return err
			}
		}
		p, err := tx.PracticeByID(first.ID)
		if err != nil || p.Adopted != 1 || p.Help != 1 || p.Asked != 0 {
			t.Errorf("adoptions = %+v, %v; want 1 adopted, 1 asking for help", p, err)
		}
		if err := tx.SetAdoption(first.ID, group, "maybe", 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("an unknown status: %v", err)
		}
		if _, err := tx.ForgetResident(hung.ID); err != nil {
			return err
		}
		if p, _ := tx.PracticeByID(first.ID); p.AuthorID != 0 || p.ExemplaryBy != 0 {
			t.Errorf("after the forget the practice still names its author: %+v", p)
		}
		return nil
	})
}
