-- 005_coordinators: what coordinators do. One-time invitations to a role,
-- the audit log of every grant, decision, appeal and refused attempt,
-- appeals (broadcasts) stored once and expanded into outbox deliveries
-- behind a cursor, and consent to publish a deed.
--
-- Columns naming a resident are foreign keys ON DELETE SET NULL: when a
-- resident is forgotten, the invitation, the audit entry and the appeal
-- (a public broadcast) stay, without them. Units are never deleted.

CREATE TABLE invites (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	token_hash  BLOB    NOT NULL UNIQUE, -- SHA-256 of the token; the token itself is never stored
	role        TEXT    NOT NULL CHECK (role IN ('coordinator', 'official')),
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	created_by  INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL, -- NULL = the operator
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	used_at     INTEGER NULL,
	used_by     INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL
);
CREATE INDEX invites_created_by ON invites (created_by) WHERE created_by IS NOT NULL;
CREATE INDEX invites_used_by ON invites (used_by) WHERE used_by IS NOT NULL;

-- Entries are kept when the people in them are forgotten (accountability):
-- detail never holds personal details.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at          INTEGER NOT NULL,
	actor_id    INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	actor       TEXT    NOT NULL DEFAULT '' CHECK (actor IN ('', 'operator', 'system')),
	action      TEXT    NOT NULL,
	unit_id     INTEGER NULL REFERENCES units(id),
	subject_id  INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL, -- the resident concerned
	target      TEXT    NOT NULL DEFAULT '', -- "VT-000123", "HT-000045", "appeal 12", "invite 5"
	outcome     TEXT    NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
	detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_unit ON audit_log (unit_id, id) WHERE unit_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_subject ON audit_log (subject_id) WHERE subject_id IS NOT NULL;

-- An appeal is stored once; its deliveries are outbox rows (batch_id = the
-- appeal's id, priority 10) written a chunk at a time, in resident id
-- order, from the resident after cursor.
CREATE TABLE appeals (
	id                 INTEGER PRIMARY KEY AUTOINCREMENT,
	sender_id          INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL, -- NULL = the operator
	unit_id            INTEGER NOT NULL REFERENCES units(id),
	audience           TEXT    NOT NULL CHECK (audience IN ('residents', 'coordinators', 'all')),
	urgent             INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
	kind               TEXT    NOT NULL DEFAULT 'appeal' CHECK (kind IN ('appeal', 'example')),
	deed_id            INTEGER NULL REFERENCES deeds(id) ON DELETE SET NULL, -- an example's deed
	text               TEXT    NOT NULL DEFAULT '', -- escaped HTML, as the sender wrote it
	photo              TEXT    NOT NULL DEFAULT '', -- a file id of photo_platform
	photo_platform     TEXT    NOT NULL DEFAULT '',
	lang               TEXT    NOT NULL DEFAULT '',
	status             TEXT    NOT NULL DEFAULT 'queued'
		CHECK (status IN ('queued', 'expanding', 'sending', 'done', 'cancelled')),
	created_at         INTEGER NOT NULL,
	start_at           INTEGER NOT NULL,
	cursor             INTEGER NOT NULL DEFAULT 0, -- the last resident id expanded
	total              INTEGER NOT NULL DEFAULT 0, -- recipients counted at confirmation
	expanded           INTEGER NOT NULL DEFAULT 0, -- deliveries written
	sent               INTEGER NOT NULL DEFAULT 0, -- final figures, on finish or cancel
	failed             INTEGER NOT NULL DEFAULT 0,
	blocked            INTEGER NOT NULL DEFAULT 0,
	dropped            INTEGER NOT NULL DEFAULT 0,
	cancelled_by       INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	cancelled_at       INTEGER NULL,
	finished_at        INTEGER NULL,
	progress_platform  TEXT    NOT NULL DEFAULT '', -- where the sender's progress message is
	progress_chat      TEXT    NOT NULL DEFAULT '',
	progress_message_id TEXT   NOT NULL DEFAULT '', -- the platform's id of the sender's progress message
	progress_at        INTEGER NULL,
	progress_text      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX appeals_active ON appeals (status, id) WHERE status IN ('queued', 'expanding', 'sending');
CREATE INDEX appeals_unit ON appeals (unit_id, id);
CREATE INDEX appeals_sender ON appeals (sender_id) WHERE sender_id IS NOT NULL;
CREATE INDEX appeals_cancelled_by ON appeals (cancelled_by) WHERE cancelled_by IS NOT NULL;
CREATE INDEX appeals_deed ON appeals (deed_id) WHERE deed_id IS NOT NULL;

-- Consent to publish a deed as an example: NULL = not asked, 0 = no, 1 = yes.
ALTER TABLE deeds ADD COLUMN reporter_consent INTEGER NULL CHECK (reporter_consent IN (0, 1));
ALTER TABLE deeds ADD COLUMN subject_consent INTEGER NULL CHECK (subject_consent IN (0, 1));
ALTER TABLE deeds ADD COLUMN published_appeal_id INTEGER NULL REFERENCES appeals(id);
