-- 020_dose_due: the day a person's next vaccine dose is due, set by the
-- resident (for themself or a family member) or a coordinator; a reminder
-- goes once on that day (reminded_at).
CREATE TABLE dose_due (
	resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	dependant_id INTEGER NOT NULL DEFAULT 0, -- 0 = the resident themself
	due_on       TEXT    NOT NULL,           -- the local day, YYYY-MM-DD
	set_by       INTEGER NULL,               -- a coordinator; NULL = the resident
	reminded_at  INTEGER NULL,
	PRIMARY KEY (resident_id, dependant_id)
) WITHOUT ROWID;
CREATE INDEX dose_due_day ON dose_due (due_on) WHERE reminded_at IS NULL;

CREATE TRIGGER dependants_dose_due_delete AFTER DELETE ON dependants
BEGIN
	DELETE FROM dose_due WHERE resident_id = OLD.resident_id AND dependant_id = OLD.id;
END;
