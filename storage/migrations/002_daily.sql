-- 002_daily: daily check-ins, good-deed reports and their photos, help
-- requests, and who an outgoing message is about. Times are INTEGER unix
-- milliseconds (UTC); days are the local 'YYYY-MM-DD' of the unit.

CREATE TABLE checkins (
	id          INTEGER PRIMARY KEY,
	resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	unit_id     INTEGER NOT NULL REFERENCES units(id), -- the resident's unit at the time
	day         TEXT    NOT NULL,                      -- local day, YYYY-MM-DD
	health      TEXT    NOT NULL CHECK (health IN ('well', 'symptoms', 'f0', 'f1')),
	symptoms    TEXT    NOT NULL DEFAULT '',           -- comma-separated keys
	pledge_5k   INTEGER NOT NULL DEFAULT 0 CHECK (pledge_5k IN (0, 1)),
	need        TEXT    NOT NULL DEFAULT 'none'
		CHECK (need IN ('none', 'food', 'medicine', 'medical', 'other')),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	UNIQUE (resident_id, day)
);
CREATE INDEX checkins_unit_day ON checkins (unit_id, day);

CREATE TABLE deeds (
	id              INTEGER PRIMARY KEY,
	resident_id     INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL, -- the reporter
	unit_id         INTEGER NOT NULL REFERENCES units(id),
	category        TEXT    NOT NULL DEFAULT '',
	category_label  TEXT    NOT NULL DEFAULT '',
	subject         TEXT    NOT NULL CHECK (subject IN ('self', 'other')),
	subject_name    TEXT    NOT NULL DEFAULT '',
	subject_unit_id INTEGER NULL REFERENCES units(id),
	description     TEXT    NOT NULL,
	status          TEXT    NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'approved', 'rejected', 'commended')),
	reason          TEXT    NOT NULL DEFAULT '',
	decided_by      INTEGER NULL, -- a resident id; no foreign key: deciders may be forgotten
	decided_at      INTEGER NULL,
	created_at      INTEGER NOT NULL
);
CREATE INDEX deeds_review ON deeds (status, unit_id, id);
CREATE INDEX deeds_resident ON deeds (resident_id);

CREATE TABLE deed_photos (
	deed_id        INTEGER NOT NULL REFERENCES deeds(id) ON DELETE CASCADE,
	position       INTEGER NOT NULL,
	file_id        TEXT    NOT NULL,
	file_unique_id TEXT    NOT NULL DEFAULT '', -- the same picture has the same one
	PRIMARY KEY (deed_id, position)
) WITHOUT ROWID;
CREATE INDEX deed_photos_unique ON deed_photos (file_unique_id);

CREATE TABLE help_requests (
	id               INTEGER PRIMARY KEY,
	resident_id      INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	unit_id          INTEGER NOT NULL REFERENCES units(id),
	kind             TEXT    NOT NULL CHECK (kind IN ('food', 'medicine', 'medical', 'other')),
	description      TEXT    NOT NULL DEFAULT '',
	phone            TEXT    NOT NULL DEFAULT '',
	source           TEXT    NOT NULL CHECK (source IN ('support', 'checkin')),
	status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved')),
	notified_unit_id INTEGER NULL, -- whose coordinators were told
	escalated_at     INTEGER NULL,
	claimed_by       INTEGER NULL, -- resident ids; no foreign keys: they may be forgotten
	claimed_at       INTEGER NULL,
	resolved_by      INTEGER NULL,
	resolved_at      INTEGER NULL,
	created_at       INTEGER NOT NULL
);
CREATE INDEX help_requests_status ON help_requests (status, created_at);
CREATE INDEX help_requests_resident ON help_requests (resident_id);

-- The resident whose details a message carries (e.g. a health alert sent to
-- coordinators), so that forgetting the resident can remove it.
ALTER TABLE outbox ADD COLUMN about_resident_id INTEGER NULL;
CREATE INDEX outbox_about ON outbox (about_resident_id) WHERE about_resident_id IS NOT NULL;

-- Active residents per unit, counted by Participation without reading rows.
CREATE INDEX residents_active_unit ON residents (unit_id) WHERE stopped_at IS NULL AND blocked_at IS NULL;
