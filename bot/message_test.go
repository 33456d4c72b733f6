package bot_test

import (
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

// TestMessagesBuildJobsLikeUpdates checks that a job's button is signed
// exactly as an update's is, for its one recipient, and that a Batch
// keeps what a job queues in order.
func TestMessagesBuildJobsLikeUpdates(t *testing.T) {
	signer := bot.NewSigner([]byte("key"))
	m := &bot.Messages{Signer: signer}
	b := m.ButtonFor("42", "Tiếp nhận", "hc", "7")
	if action, params, err := signer.Verify("42", b.Data); err != nil || action != "hc" || len(params) != 1 || params[0] != "7" {
		t.Errorf("Verify(42, %q) = %q %v %v", b.Data, action, params, err)
	}
	if _, _, err := signer.Verify("43", b.Data); err == nil {
		t.Error("someone else could press the job's button")
	}
	c := bot.NewContext(&bot.Update{From: bot.User{ID: "1"}}, "vi")
	if got := c.ButtonFor("42", "Tiếp nhận", "hc", "7"); got.Data != "hc:7" {
		t.Errorf("an unsigned context's button = %q", got.Data) // no router: unsigned, as before
	}
	var q bot.Queue = &bot.Batch{}
	q.Queue(bot.Outgoing{Text: "một"})
	q.Queue(bot.Outgoing{Text: "hai"})
	if got := q.(*bot.Batch).Outgoing(); len(got) != 2 || got[0].Text != "một" || got[1].Text != "hai" {
		t.Errorf("batch = %+v", got)
	}
}
