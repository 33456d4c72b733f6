-- 013_exports: files asked for in chat (/export), made by a job.
--
-- The update that asks only queues the request, in its own short write
-- transaction; the export job claims it, reads the rows in a read-only
-- transaction (never holding the one writer while it builds the file),
-- then queues the file to the requester and marks the request done in
-- one short write transaction.
--
-- A request is pending, then running (claimed: started_at, attempts + 1),
-- then done or failed. A running request whose started_at is old (its run
-- crashed or ran out of time) counts as pending again, so that a restart
-- loses none; finishing names the attempt, so that a slow run that was
-- overtaken cannot send the file a second time.
--
-- The scope is what the requester looked after when they asked: units
-- (a JSON array of unit ids, each with every unit below it) or all units;
-- the health scope is where check-ins show health details. The job
-- narrows both to what the requester still holds when it runs.
--
-- The resident is a foreign key ON DELETE CASCADE: forgetting them (or
-- merging their record away) leaves no request of theirs.
CREATE TABLE export_requests (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	platform     TEXT    NOT NULL, -- where the file goes
	chat_id      TEXT    NOT NULL,
	lang         TEXT    NOT NULL DEFAULT '',
	kind         TEXT    NOT NULL, -- deeds, checkins or requests
	units        TEXT    NOT NULL DEFAULT '[]',
	all_units    INTEGER NOT NULL DEFAULT 0 CHECK (all_units IN (0, 1)),
	health_units TEXT    NOT NULL DEFAULT '[]',
	health_all   INTEGER NOT NULL DEFAULT 0 CHECK (health_all IN (0, 1)),
	from_day     TEXT    NOT NULL, -- calendar days, YYYY-MM-DD, both included
	to_day       TEXT    NOT NULL,
	format       TEXT    NOT NULL, -- xlsx or csv
	status       TEXT    NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'running', 'done', 'failed')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	created_at   INTEGER NOT NULL,
	started_at   INTEGER NULL,
	finished_at  INTEGER NULL,
	detail       TEXT    NOT NULL DEFAULT '', -- rows written, or why it failed
	CHECK (from_day <= to_day)
);
CREATE INDEX export_requests_open ON export_requests (id) WHERE status IN ('pending', 'running');
CREATE INDEX export_requests_resident ON export_requests (resident_id, status);
CREATE INDEX export_requests_finished ON export_requests (finished_at) WHERE finished_at IS NOT NULL;
