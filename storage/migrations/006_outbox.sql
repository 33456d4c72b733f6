-- 006_outbox: honest counts of what a crash may have sent twice, and the
-- index that counts an appeal's deliveries.
--
-- outbox.resent counts how often a message left "sending" without a
-- record of its outcome was put back to be sent again: at start after a
-- crash (RequeueInterrupted) or by the sweep after a lost status write
-- (RequeueStale). Each time, the recipient may have got it already: the
-- figure bounds the duplicates an appeal may have caused.
--
-- outbox_batch_status serves counting an appeal's deliveries by status
-- (batch_id = the appeal); it makes outbox_batch (batch_id alone, same
-- rows) redundant.

ALTER TABLE outbox ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_batch_status ON outbox (batch_id, status) WHERE batch_id IS NOT NULL;
DROP INDEX outbox_batch;
