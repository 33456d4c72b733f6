-- 007_outbox_claimed: tell a delivery a dispatcher merely holds from one
-- whose request has started.
--
-- A claim takes about a second of messages at a time (status 'sending',
-- claimed_at set), but only the few a dispatcher is sending at a given
-- moment can have reached their recipients. outbox.started_at is when the
-- request for a claimed message started: it is written just before the
-- request, and cleared whenever the message goes back to pending. After a
-- crash, only the messages with started_at set are counted in resent
-- (they may have been delivered); the others go back uncounted.
--
-- Messages left sending by a version that did not write started_at may
-- have been sent: they keep being counted, as they were.

ALTER TABLE outbox ADD COLUMN started_at INTEGER NULL;
UPDATE outbox SET started_at = COALESCE(claimed_at, not_before) WHERE status = 'sending';
