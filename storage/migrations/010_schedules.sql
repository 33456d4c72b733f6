-- 010_schedules: schedules that survive a restart.
--
-- A schedule runs a kind of job (a check-in reminder, a scheduled appeal,
-- a digest) for a unit, on a 5-field cron spec in its time zone, or once
-- at once_at. schedule_runs records each slot claimed, unique with its
-- schedule, so that a restart never runs a slot twice; a slot missed
-- while the bot was down runs once at start if it is not too late, and is
-- recorded as skipped otherwise.
CREATE TABLE schedules (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	kind        TEXT    NOT NULL CHECK (kind IN ('checkin_reminder', 'appeal', 'digest')),
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	spec        TEXT    NOT NULL DEFAULT '', -- cron spec; '' for a schedule that runs once
	once_at     INTEGER NULL,                -- the one slot of a schedule that runs once
	tz          TEXT    NOT NULL,            -- IANA time zone of the spec
	target      TEXT    NOT NULL DEFAULT '', -- what the kind acts on (an appeal's id, a digest's period)
	owner_id    INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	paused      INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	deleted_at  INTEGER NULL,
	CHECK ((spec = '') = (once_at IS NOT NULL))
);
CREATE INDEX schedules_unit ON schedules (unit_id) WHERE deleted_at IS NULL;

CREATE TABLE schedule_runs (
	schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
	slot        INTEGER NOT NULL, -- the slot's time
	started_at  INTEGER NOT NULL,
	finished_at INTEGER NULL,
	outcome     TEXT    NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'failed', 'skipped')),
	detail      TEXT    NOT NULL DEFAULT '',
	-- how far a run that works in chunks got (a reminder: the last resident
	-- id reminded), written with each chunk, so an interrupted run resumes
	cursor      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (schedule_id, slot)
) WITHOUT ROWID;

-- reminders_sent: who was reminded to check in on which local day, so
-- that nobody is reminded twice a day (two schedules on a unit and on the
-- unit above it, say).
CREATE TABLE reminders_sent (
	resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	day         TEXT    NOT NULL,
	PRIMARY KEY (resident_id, day)
) WITHOUT ROWID;
