package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
	"unicode/utf8"
)

// Outbox statuses. A message a dispatcher claimed is sending from the
// claim on (it holds back the later messages of its chat), but its
// request starts later: MarkSending records that moment (started_at), so
// that after a crash only the requests that were in flight count as
// possibly sent twice.
const (
	StatusPending   = "pending"   // waiting to be claimed (perhaps for a retry time)
	StatusSending   = "sending"   // claimed by a dispatcher; its request may have started
	StatusSent      = "sent"      // delivered
	StatusFailed    = "failed"    // given up
	StatusBlocked   = "blocked"   // the chat blocked the bot
	StatusCancelled = "cancelled" // dropped before sending
)

// maxErrorLen bounds stored error texts.
const maxErrorLen = 1000

// OutboxMessage is one outgoing message. Payload is opaque to storage
// (JSON written by the caller). Zero times and ids mean "none".
type OutboxMessage struct {
	ID                int64
	Platform          string
	ChatID            string
	ResidentID        int64
	Priority          int    // 0 = a reply; higher = bulk, sent later
	Kind              string // e.g. send, edit, answer, photo
	Payload           []byte
	Status            string
	Attempts          int
	NotBefore         time.Time
	CreatedAt         time.Time
	SentAt            time.Time
	LastError         string
	PlatformMessageID string
	BatchID           int64 // groups the messages of one appeal
	// AboutResidentID is the resident whose details the message carries
	// (a health alert, help ticket or deed notice sent to coordinators),
	// so that forgetting that resident removes it; 0 = none.
	AboutResidentID int64
	// Resent counts how often the message was put back after a claim
	// whose outcome was never recorded (a crash, a lost status write):
	// each time its recipient may have got it already.
	Resent int
}

const outboxCols = `id, platform, chat_id, COALESCE(resident_id, 0), priority, kind, payload,
	status, attempts, not_before, created_at, sent_at, COALESCE(last_error, ''),
	COALESCE(platform_message_id, ''), COALESCE(batch_id, 0), COALESCE(about_resident_id, 0), resent`

func scanOutbox(s scanner) (OutboxMessage, error) {
	var m OutboxMessage
	var notBefore, created int64
	var sent sql.NullInt64
	err := s.Scan(&m.ID, &m.Platform, &m.ChatID, &m.ResidentID, &m.Priority, &m.Kind, &m.Payload,
		&m.Status, &m.Attempts, &notBefore, &created, &sent, &m.LastError,
		&m.PlatformMessageID, &m.BatchID, &m.AboutResidentID, &m.Resent)
	m.NotBefore, m.CreatedAt = time.UnixMilli(notBefore).UTC(), time.UnixMilli(created).UTC()
	m.SentAt = timeOf(sent)
	return m, err
}

// Enqueue adds a pending message and returns its id; it is sent after the
// transaction commits. A zero NotBefore means now. It returns ErrInvalid
// when Platform, ChatID or Kind is empty.
func (tx *Tx) Enqueue(m OutboxMessage) (int64, error) {
	if m.Platform == "" || m.ChatID == "" || m.Kind == "" {
		return 0, fmt.Errorf("enqueue %s message to %s:%s: %w", m.Kind, m.Platform, m.ChatID, ErrInvalid)
	}
	notBefore := tx.Now
	if !m.NotBefore.IsZero() {
		notBefore = m.NotBefore
	}
	if m.Payload == nil {
		m.Payload = []byte{}
	}
	res, err := tx.exec(`INSERT INTO outbox (platform, chat_id, resident_id, priority, kind, payload,
			status, not_before, created_at, batch_id, about_resident_id)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
		m.Platform, m.ChatID, nullID(m.ResidentID), m.Priority, m.Kind, m.Payload,
		ms(notBefore), ms(tx.Now), nullID(m.BatchID), nullID(m.AboutResidentID))
	if err != nil {
		return 0, fmt.Errorf("enqueue message to %s:%s: %w", m.Platform, m.ChatID, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("enqueue message to %s:%s: %w", m.Platform, m.ChatID, err)
	}
	return id, nil
}

// headOfChat is true for a message with no earlier pending or sending
// message in the same chat, so that a chat's messages go out in order,
// even while an earlier one waits for a retry. Answers to button presses
// are outside that order: they show nothing in the chat, and must come
// within seconds (Telegram forgets the press) rather than wait behind a
// message being retried; nothing waits for them either.
const headOfChat = `(o.kind = 'answer' OR NOT EXISTS (SELECT 1 FROM outbox e
	WHERE e.platform = o.platform AND e.chat_id = o.chat_id AND e.id < o.id
	AND e.status IN ('pending', 'sending') AND e.kind <> 'answer'))`

// claimable selects the ids a claim takes: platform, now, the highest
// priority taken, limit. The unary + keeps the planner off outbox_next,
// whose not_before range would make it sort every due message;
// outbox_due yields them in order.
const claimable = `SELECT o.id FROM outbox o
	WHERE o.platform = ? AND o.status = 'pending' AND o.priority <= ? AND +o.not_before <= ? AND ` + headOfChat + `
	ORDER BY o.priority, o.id LIMIT ?`

// nextDue selects the earliest due time of a claimable message: platform.
const nextDue = `SELECT o.not_before FROM outbox o
	WHERE o.platform = ? AND o.status = 'pending' AND ` + headOfChat + `
	ORDER BY o.not_before LIMIT 1`

// ClaimOutbox marks up to limit due messages of platform as sending
// (attempts + 1) and returns them, lowest priority value first, then
// oldest. A message is skipped while an earlier message to the same chat
// is pending or sending, so each chat receives its messages in order.
// A claimed message's request has not started: MarkSending records that.
func (db *DB) ClaimOutbox(ctx context.Context, platform string, limit int) ([]OutboxMessage, error) {
	return db.claim(ctx, platform, limit, math.MaxInt64)
}

// ClaimReplies is ClaimOutbox for replies only (priority 0): what a
// dispatcher that already holds enough bulk traffic claims for a reply
// that must not wait behind it.
func (db *DB) ClaimReplies(ctx context.Context, platform string, limit int) ([]OutboxMessage, error) {
	return db.claim(ctx, platform, limit, 0)
}

func (db *DB) claim(ctx context.Context, platform string, limit int, maxPriority int64) ([]OutboxMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	var list []OutboxMessage
	// A claim lost in a power cut leaves its messages pending: relaxed.
	err := db.updateRelaxed(ctx, func(tx *Tx) error {
		rows, err := tx.query(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_at = ?,
				started_at = NULL
			WHERE id IN (`+claimable+`) RETURNING `+outboxCols,
			ms(tx.Now), platform, maxPriority, ms(tx.Now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			list = append(list, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Priority != list[j].Priority {
			return list[i].Priority < list[j].Priority
		}
		return list[i].ID < list[j].ID
	})
	return list, nil
}

// finish moves a sending message to its next state; it returns ErrNotFound
// for an unknown id and ErrConflict when the message is not being sent.
func (tx *Tx) finish(id int64, set string, args ...any) error {
	res, err := tx.exec(`UPDATE outbox SET `+set+` WHERE id = ? AND status = 'sending'`, append(args, id)...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	return tx.notSending(id)
}

// notSending says why message id could not move on from sending: it does
// not exist (ErrNotFound), or it is in another state (ErrConflict).
func (tx *Tx) notSending(id int64) error {
	var status string
	if err := tx.queryRow(`SELECT status FROM outbox WHERE id = ?`, id).Scan(&status); err != nil {
		return dbErr(err)
	}
	return fmt.Errorf("message is %s, not sending: %w", status, ErrConflict)
}

func (db *DB) finish(ctx context.Context, op string, id int64, set string, args ...any) error {
	// one UPDATE, then at most a read
	err := db.group.doSingle(ctx, db, func(tx *Tx) error { return tx.finish(id, set, args...) })
	if err != nil {
		return fmt.Errorf("%s message %d: %w", op, id, err)
	}
	return nil
}

// MarkSending records that the request for a claimed message is about to
// start: from then on its recipient may get it even if its outcome is
// never recorded, and putting it back (RequeueInterrupted, RequeueStale)
// counts it as resent. Call it before each request, never earlier: the
// messages marked and not yet settled are then at most the requests in
// flight. Errors as for MarkSent (ErrConflict: the message was dropped
// meanwhile, e.g. its appeal cancelled); on any error the request must
// not start.
func (db *DB) MarkSending(ctx context.Context, id int64) error {
	if err := db.group.doMark(ctx, db, outboxMark{id: id}); err != nil {
		return fmt.Errorf("mark sending message %d: %w", id, err)
	}
	return nil
}

// MarkSent records that a claimed message was delivered. It returns
// ErrNotFound for an unknown id and ErrConflict if it was not claimed.
func (db *DB) MarkSent(ctx context.Context, id int64, platformMessageID string) error {
	if err := db.group.doMark(ctx, db, outboxMark{id: id, sent: true, msgID: platformMessageID}); err != nil {
		return fmt.Errorf("mark sent message %d: %w", id, err)
	}
	return nil
}

// MarkRetry puts a claimed message back to pending, due at the given time,
// keeping the error text. Later messages to the same chat wait for it.
// Errors as for MarkSent.
func (db *DB) MarkRetry(ctx context.Context, id int64, at time.Time, errText string) error {
	return db.finish(ctx, "retry", id, `status = 'pending', not_before = ?, last_error = ?,
		started_at = NULL`, ms(at), clip(errText))
}

// MarkDeferred is MarkRetry without counting the attempt: the send was not
// tried, or failed for a reason that says nothing about the message (the
// platform asked to wait, the bot was stopping). Errors as for MarkSent.
func (db *DB) MarkDeferred(ctx context.Context, id int64, at time.Time, errText string) error {
	return db.finish(ctx, "defer", id, `status = 'pending', not_before = ?, last_error = ?,
		attempts = MAX(attempts - 1, 0), started_at = NULL`, ms(at), clip(errText))
}

// MarkFailed gives up on a claimed message. Errors as for MarkSent.
func (db *DB) MarkFailed(ctx context.Context, id int64, errText string) error {
	return db.finish(ctx, "mark failed", id, `status = 'failed', last_error = ?`, clip(errText))
}

// MarkBlocked records that the chat of a claimed message blocked the bot:
// the message becomes blocked, residents with that platform and chat are
// marked blocked, and the chat's other pending messages are cancelled.
// Errors as for MarkSent.
func (db *DB) MarkBlocked(ctx context.Context, id int64, errText string) error {
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.finish(id, `status = 'blocked', last_error = ?`, clip(errText)); err != nil {
			return err
		}
		var platform, chat string
		if err := tx.queryRow(`SELECT platform, chat_id FROM outbox WHERE id = ?`, id).Scan(&platform, &chat); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE residents SET blocked_at = COALESCE(blocked_at, ?), updated_at = ?
			WHERE platform = ? AND chat_id = ?`, ms(tx.Now), ms(tx.Now), platform, chat); err != nil {
			return err
		}
		_, err := tx.exec(`UPDATE outbox SET status = 'cancelled', last_error = 'chat blocked the bot'
			WHERE platform = ? AND chat_id = ? AND status IN ('pending', 'sending') AND id <> ?`,
			platform, chat, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark blocked message %d: %w", id, err)
	}
	return nil
}

// RequeueInterrupted puts the messages of platform left sending by a
// crash back to pending and returns how many of them had their request
// started (MarkSending): each of those is counted as resent, since its
// recipient may have got it already. Those merely claimed go back
// uncounted. Call it when the process that dispatches that platform
// starts, before dispatching (never from a tool that runs beside a live
// bot).
func (db *DB) RequeueInterrupted(ctx context.Context, platform string) (int64, error) {
	n, err := db.requeue(ctx, `platform = ?`, platform)
	if err != nil {
		return 0, fmt.Errorf("requeue interrupted messages: %w", err)
	}
	return n, nil
}

// RequeueStale puts back to pending the messages of platform still marked
// as being sent that were claimed before claimedBefore, except the ids in
// inFlight (still in a dispatcher's hands): their delivery record was
// lost (the database was locked when it was written), and every later
// message to their chat would wait behind them. It returns how many had
// their request started, each counted as resent as by RequeueInterrupted.
func (db *DB) RequeueStale(ctx context.Context, platform string, claimedBefore time.Time, inFlight []int64) (int64, error) {
	held, err := json.Marshal(nonNil(inFlight))
	if err != nil {
		return 0, fmt.Errorf("requeue stale messages: %w", err)
	}
	n, err := db.requeue(ctx, `platform = ? AND COALESCE(claimed_at, 0) < ?
		AND id NOT IN (SELECT value FROM json_each(?))`, platform, ms(claimedBefore), string(held))
	if err != nil {
		return 0, fmt.Errorf("requeue stale messages: %w", err)
	}
	return n, nil
}

// requeue puts back to pending the sending messages that the condition
// where (with its args) selects, counts those whose request had started
// as resent, and returns how many it counted.
func (db *DB) requeue(ctx context.Context, where string, args ...any) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE outbox SET status = 'pending', resent = resent + 1, started_at = NULL
			WHERE status = 'sending' AND started_at IS NOT NULL AND `+where, args...)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.exec(`UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND `+where, args...)
		return err
	})
	return n, err
}

// PruneOutbox deletes finished (sent, failed, blocked, cancelled) messages
// created before the given time and returns how many.
func (db *DB) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	n, err := db.execCount(ctx, `DELETE FROM outbox
		WHERE status IN ('sent', 'failed', 'blocked', 'cancelled') AND created_at < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return n, nil
}

// OutboxBacklog counts the messages not yet finished (pending or sending).
func (db *DB) OutboxBacklog(ctx context.Context) (int64, error) {
	var n int64
	err := db.View(ctx, func(tx *Tx) (err error) {
		n, err = tx.count(`SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("outbox backlog: %w", err)
	}
	return n, nil
}

// NextDue returns when ClaimOutbox can next return a message of platform
// that is already queued: the earliest due time among pending messages
// not waiting behind an earlier message to the same chat. ok is false when
// there is none (a dispatcher then waits for new messages or for the
// messages it is sending to finish).
func (db *DB) NextDue(ctx context.Context, platform string) (due time.Time, ok bool, err error) {
	var v int64
	err = db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(nextDue, platform).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next due message: %w", err)
	}
	return time.UnixMilli(v).UTC(), true, nil
}

// execCount runs one statement in a write transaction and returns the
// number of rows it changed.
func (db *DB) execCount(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(query, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// clip bounds an error text to maxErrorLen bytes on a rune boundary.
func clip(s string) string {
	if len(s) <= maxErrorLen {
		return s
	}
	s = s[:maxErrorLen]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
