package zalo

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// pollGrace is how much longer than the poll timeout a getUpdates request
// may take before the adapter gives up on it.
const pollGrace = 10 * time.Second

// Poll makes one getUpdates call, waiting up to the poll timeout, and
// returns the update Zalo hands out (one per call; an array is accepted
// too). Zalo has no offset: offset is ignored, and an update is forgotten
// by Zalo once returned. An idle poll (408 "Request timeout") returns nil,
// nil at once. While a webhook is set Zalo refuses to poll: a Rejected
// error. Errors are *bot.PlatformError.
func (a *Adapter) Poll(ctx context.Context, offset int64) ([]bot.Update, error) {
	_ = offset
	pctx, cancel := context.WithTimeout(ctx, a.pollTimeout+pollGrace)
	defer cancel()
	var raw json.RawMessage // one update, an array of them, or null
	code, err := a.call(pctx, "getUpdates", map[string]string{"timeout": a.pollSeconds()}, &raw)
	if code == http.StatusRequestTimeout {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	events, err := decodeEvents(raw)
	if err != nil {
		return nil, a.fail(bot.Temporary, "getUpdates: bad result: "+err.Error())
	}
	out := make([]bot.Update, 0, len(events))
	for _, ev := range events {
		out = append(out, a.convert(ev))
	}
	return out, nil
}

// pollSeconds is the poll timeout in whole seconds, rounded up, as the
// string the documentation gives.
func (a *Adapter) pollSeconds() string {
	secs := (a.pollTimeout + time.Second - 1) / time.Second
	return strconv.FormatInt(int64(max(secs, 1)), 10)
}
