package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// FlowTTL is how long an unfinished flow waits for the person.
const FlowTTL = 30 * time.Minute

// flowInput handles what a person types (or sends) while in a flow.
type flowInput func(ctx context.Context, c *bot.Context, s *session) error

// flowNames maps a flow to the catalogue key that names it for people
// (used when it expires) and the command that starts it again.
type flowInfo struct {
	nameKey string
	command string
	input   flowInput
	// expiredKey, if set, replaces the generic expiry notice, for a flow
	// that is restarted with a button rather than a command.
	expiredKey string
	// cancelledKey, if set, replaces the generic notice that the flow was
	// cancelled.
	cancelledKey string
}

// actFlowCancel is the cancel button every flow can show (param: nonce).
const actFlowCancel = "xc"

// cancelButton is a button that leaves the person's current flow.
func (s *session) cancelButton(c *bot.Context, label string) bot.Button {
	return c.Button(label, actFlowCancel, s.nonce())
}

// onFlowCancel leaves the flow whose cancel button was pressed.
func (co *core) onFlowCancel(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, s.conv.Flow) { // answers "expired" when there is no flow
		return nil
	}
	text := co.cancelledText(c, s.conv.Flow)
	if err := s.end(); err != nil {
		return err
	}
	c.Edit(text, nil)
	return nil
}

// cancelledText says that flow was cancelled.
func (co *core) cancelledText(c *bot.Context, flow string) string {
	info := co.flows[flow]
	if info.cancelledKey != "" {
		return c.T(info.cancelledKey)
	}
	return c.T("cancel.done", HTML(c.T(info.nameKey)))
}

// loadFlow loads the person's unfinished flow; one idle for FlowTTL is
// dropped, and the reply says so before anything else.
func (s *session) loadFlow(c *bot.Context) error {
	conv, err := s.tx.Conversation(s.res.ID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load conversation: %w", err)
	}
	if s.tx.Now.Sub(conv.UpdatedAt) <= FlowTTL {
		s.conv, s.hasConv = conv, true
		return nil
	}
	if err := s.tx.ClearConversation(s.res.ID); err != nil {
		return fmt.Errorf("expire conversation: %w", err)
	}
	// The notice also takes away a reply keyboard the flow may have shown.
	if info, ok := s.core.flows[conv.Flow]; ok && info.expiredKey != "" {
		c.Send(c.T(info.expiredKey), &bot.Keyboard{Remove: true})
	} else if ok {
		c.Send(c.T("flow.expired", HTML(c.T(info.nameKey)), "/"+info.command), &bot.Keyboard{Remove: true})
	}
	return nil
}

// begin starts flow at step with data, replacing any unfinished flow, and
// returns the nonce its buttons must carry.
func (s *session) begin(flow, step string, data any) (string, error) {
	if s.hasConv && s.conv.Flow != flow && s.conv.Flow != flowJoin {
		s.dropped = s.conv.Flow
	}
	s.conv = storage.Conversation{ResidentID: s.res.ID, Flow: flow}
	s.hasConv = true
	return s.advance(step, data)
}

// advance moves the flow to step with data. Buttons shown at earlier
// steps stop working: the nonce changes.
func (s *session) advance(step string, data any) (string, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return "", fmt.Errorf("encode flow data: %w", err)
	}
	s.conv.Step, s.conv.Data = step, raw
	s.conv.Nonce = rand.Int64N(1 << 40)
	if err := s.tx.SaveConversation(s.conv); err != nil {
		return "", fmt.Errorf("save conversation: %w", err)
	}
	return s.nonce(), nil
}

// end finishes the flow.
func (s *session) end() error {
	s.hasConv = false
	if err := s.tx.ClearConversation(s.res.ID); err != nil {
		return fmt.Errorf("end conversation: %w", err)
	}
	return nil
}

// nonce is the current flow's nonce as buttons carry it.
func (s *session) nonce() string { return strconv.FormatInt(s.conv.Nonce, 36) }

// data decodes the flow's data into v.
func (s *session) data(v any) error {
	if len(s.conv.Data) == 0 {
		return nil
	}
	if err := json.Unmarshal(s.conv.Data, v); err != nil {
		return fmt.Errorf("decode flow data: %w", err)
	}
	return nil
}

// in reports whether the person is in flow at the moment.
func (s *session) in(flow string) bool { return s.hasConv && s.conv.Flow == flow }

// current checks that a pressed button belongs to the person's current
// step of flow (its first param is the nonce). If not, it answers that the
// button has expired and returns false.
func (s *session) current(c *bot.Context, flow string) bool {
	if s.in(flow) && len(c.Params) > 0 && c.Params[0] == s.nonce() {
		return true
	}
	c.Answer(c.T(bot.MsgExpiredButton), true)
	return false
}

// cancel leaves any flow: /cancel.
func (co *core) cancel(ctx context.Context, c *bot.Context, s *session) error {
	if !s.hasConv {
		c.Send(c.T("cancel.nothing"), nil)
		return nil
	}
	text := co.cancelledText(c, s.conv.Flow)
	if err := s.end(); err != nil {
		return err
	}
	c.Send(text, &bot.Keyboard{Remove: true})
	return nil
}

// parseID reads a numeric button param.
func parseID(params []string, i int) (int64, bool) {
	if i >= len(params) {
		return 0, false
	}
	n, err := strconv.ParseInt(params[i], 10, 64)
	return n, err == nil && n >= 0
}
