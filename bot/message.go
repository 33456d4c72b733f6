package bot

import "strings"

// Queue collects outgoing messages: an update's Context does, and so does
// a Batch for a job (an escalation, a notice from the command line), so
// that both build their messages with the same code.
type Queue interface {
	Queue(m Outgoing)
}

// Batch collects the messages a job builds outside any update; they are
// then written to the outbox in the job's transaction.
type Batch struct {
	out []Outgoing
}

// Queue adds a message to the batch.
func (b *Batch) Queue(m Outgoing) { b.out = append(b.out, m) }

// Outgoing returns the messages collected, in order.
func (b *Batch) Outgoing() []Outgoing { return b.out }

// Messages is what every message builder shares, whether an update or a
// job causes the message: the key that signs buttons.
type Messages struct {
	Signer *Signer
}

// ButtonFor returns an inline button that only userID can press, routed to
// the callback handler of action with params. A param must not hold ':' or
// '|'; data over 64 bytes panics, since it is a programming error that
// tests catch.
func (m *Messages) ButtonFor(userID, text, action string, params ...string) Button {
	return signedButton(m.Signer, userID, text, action, params)
}

// signedButton signs a button for userID (unsigned without a signer, as
// in tests that route by hand).
func signedButton(s *Signer, userID, text, action string, params []string) Button {
	if s == nil {
		return Button{Text: text, Data: strings.Join(append([]string{action}, params...), ":")}
	}
	data, err := s.Sign(userID, action, params...)
	if err != nil {
		panic(err)
	}
	return Button{Text: text, Data: data}
}
