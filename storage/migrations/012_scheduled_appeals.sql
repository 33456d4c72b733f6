-- 012_scheduled_appeals: appeals sent on a schedule.
--
-- A scheduled appeal is a schedule of kind 'appeal' whose target is the id
-- of an appeal template: the content a coordinator confirmed (text, photo,
-- unit, audience, urgency, language, sender), stored once. Each slot the
-- schedule runs turns the template into an ordinary queued appeal, sent
-- by the appeal runner like any other (quiet hours respected unless
-- urgent). scheduled_appeal_runs records the appeal made for each slot,
-- in the transaction that queues it, so that a slot run again (after a
-- crash) never queues a second one.
--
-- The sender is a foreign key ON DELETE SET NULL, as on appeals: when a
-- resident is forgotten, the template (a public broadcast) stays without
-- them.
CREATE TABLE appeal_templates (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	sender_id      INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	audience       TEXT    NOT NULL CHECK (audience IN ('residents', 'coordinators', 'all')),
	urgent         INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
	text           TEXT    NOT NULL DEFAULT '', -- escaped HTML, as the sender wrote it
	photo          TEXT    NOT NULL DEFAULT '', -- a file id of photo_platform
	photo_platform TEXT    NOT NULL DEFAULT '',
	photo_media    TEXT    NOT NULL DEFAULT '', -- the hex SHA-256 of the photo's kept bytes
	lang           TEXT    NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL
);
CREATE INDEX appeal_templates_sender ON appeal_templates (sender_id) WHERE sender_id IS NOT NULL;

CREATE TABLE scheduled_appeal_runs (
	schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
	slot        INTEGER NOT NULL, -- the slot's time
	appeal_id   INTEGER NOT NULL REFERENCES appeals(id),
	PRIMARY KEY (schedule_id, slot)
) WITHOUT ROWID;
CREATE INDEX scheduled_appeal_runs_appeal ON scheduled_appeal_runs (appeal_id);
