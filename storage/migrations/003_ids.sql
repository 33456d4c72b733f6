-- 003_ids: ids that leave the database never come back.
-- chungsuc:foreign_keys=off
--
-- A table with INTEGER PRIMARY KEY and no AUTOINCREMENT hands a deleted
-- highest id to the next row: after a resident forgot their data, the
-- next help request was numbered like their last one, and an old button
-- carrying that id acted on someone else's record. Every table whose ids
-- a person sees or a button carries is rebuilt with AUTOINCREMENT,
-- keeping every existing id (sqlite_sequence starts at the highest).
-- Foreign keys are off while the tables are swapped (dropping a parent
-- with them on would cascade); foreign_key_check runs before the commit.
--
-- The outbox's claim indexes also hold the kind: a button's answer never
-- waits behind an earlier message of its chat.
--
-- Also: when a message was claimed for sending (outbox.claimed_at), so a
-- claim whose status write was lost can be requeued without a restart;
-- and the opening hours of a hotline (hotlines.hours, e.g. "24/7").

CREATE TABLE residents_new (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	platform          TEXT    NOT NULL,
	platform_user_id  TEXT    NOT NULL,
	chat_id           TEXT    NOT NULL,
	name              TEXT    NOT NULL DEFAULT '',
	username          TEXT    NOT NULL DEFAULT '',
	language          TEXT    NOT NULL DEFAULT '',
	platform_language TEXT    NOT NULL DEFAULT '',
	unit_id           INTEGER NULL REFERENCES units(id),
	phone             TEXT    NOT NULL DEFAULT '',
	joined_at         INTEGER NULL,
	stopped_at        INTEGER NULL,
	blocked_at        INTEGER NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	last_seen_at      INTEGER NOT NULL,
	UNIQUE (platform, platform_user_id)
);
INSERT INTO residents_new (id, platform, platform_user_id, chat_id, name, username, language,
	platform_language, unit_id, phone, joined_at, stopped_at, blocked_at, created_at, updated_at, last_seen_at)
SELECT id, platform, platform_user_id, chat_id, name, username, language,
	platform_language, unit_id, phone, joined_at, stopped_at, blocked_at, created_at, updated_at, last_seen_at
FROM residents;
DROP TABLE residents;
ALTER TABLE residents_new RENAME TO residents;
CREATE INDEX residents_unit ON residents (unit_id);
CREATE INDEX residents_chat ON residents (platform, chat_id);
CREATE INDEX residents_active_unit ON residents (unit_id) WHERE stopped_at IS NULL AND blocked_at IS NULL;

CREATE TABLE roles_new (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	role        TEXT    NOT NULL CHECK (role IN ('coordinator', 'official')),
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	granted_by  INTEGER NULL,
	granted_at  INTEGER NOT NULL,
	revoked_at  INTEGER NULL
);
INSERT INTO roles_new (id, resident_id, role, unit_id, granted_by, granted_at, revoked_at)
SELECT id, resident_id, role, unit_id, granted_by, granted_at, revoked_at FROM roles;
DROP TABLE roles;
ALTER TABLE roles_new RENAME TO roles;
CREATE INDEX roles_resident ON roles (resident_id);
CREATE INDEX roles_unit ON roles (unit_id, role);

CREATE TABLE deeds_new (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	resident_id     INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
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
	decided_by      INTEGER NULL,
	decided_at      INTEGER NULL,
	created_at      INTEGER NOT NULL
);
INSERT INTO deeds_new (id, resident_id, unit_id, category, category_label, subject, subject_name,
	subject_unit_id, description, status, reason, decided_by, decided_at, created_at)
SELECT id, resident_id, unit_id, category, category_label, subject, subject_name,
	subject_unit_id, description, status, reason, decided_by, decided_at, created_at
FROM deeds;
DROP TABLE deeds;
ALTER TABLE deeds_new RENAME TO deeds;
CREATE INDEX deeds_review ON deeds (status, unit_id, id);
CREATE INDEX deeds_resident ON deeds (resident_id);

CREATE TABLE help_requests_new (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	resident_id      INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	unit_id          INTEGER NOT NULL REFERENCES units(id),
	kind             TEXT    NOT NULL CHECK (kind IN ('food', 'medicine', 'medical', 'other')),
	description      TEXT    NOT NULL DEFAULT '',
	phone            TEXT    NOT NULL DEFAULT '',
	source           TEXT    NOT NULL CHECK (source IN ('support', 'checkin')),
	status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved')),
	notified_unit_id INTEGER NULL,
	escalated_at     INTEGER NULL,
	claimed_by       INTEGER NULL,
	claimed_at       INTEGER NULL,
	resolved_by      INTEGER NULL,
	resolved_at      INTEGER NULL,
	created_at       INTEGER NOT NULL
);
INSERT INTO help_requests_new (id, resident_id, unit_id, kind, description, phone, source, status,
	notified_unit_id, escalated_at, claimed_by, claimed_at, resolved_by, resolved_at, created_at)
SELECT id, resident_id, unit_id, kind, description, phone, source, status,
	notified_unit_id, escalated_at, claimed_by, claimed_at, resolved_by, resolved_at, created_at
FROM help_requests;
DROP TABLE help_requests;
ALTER TABLE help_requests_new RENAME TO help_requests;
CREATE INDEX help_requests_status ON help_requests (status, created_at);
CREATE INDEX help_requests_resident ON help_requests (resident_id);

CREATE TABLE outbox_new (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	platform            TEXT    NOT NULL,
	chat_id             TEXT    NOT NULL,
	resident_id         INTEGER NULL,
	priority            INTEGER NOT NULL DEFAULT 0,
	kind                TEXT    NOT NULL,
	payload             BLOB    NOT NULL,
	status              TEXT    NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'cancelled')),
	attempts            INTEGER NOT NULL DEFAULT 0,
	not_before          INTEGER NOT NULL,
	created_at          INTEGER NOT NULL,
	sent_at             INTEGER NULL,
	platform_message_id TEXT    NULL,
	last_error          TEXT    NULL,
	batch_id            INTEGER NULL,
	about_resident_id   INTEGER NULL,
	claimed_at          INTEGER NULL -- when it was last claimed for sending
);
INSERT INTO outbox_new (id, platform, chat_id, resident_id, priority, kind, payload, status, attempts,
	not_before, created_at, sent_at, platform_message_id, last_error, batch_id, about_resident_id)
SELECT id, platform, chat_id, resident_id, priority, kind, payload, status, attempts,
	not_before, created_at, sent_at, platform_message_id, last_error, batch_id, about_resident_id
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (platform, priority, id, not_before, chat_id, kind) WHERE status = 'pending';
CREATE INDEX outbox_chat ON outbox (platform, chat_id, id, status, kind) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_next ON outbox (platform, not_before, chat_id) WHERE status = 'pending';
CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX outbox_resident ON outbox (resident_id) WHERE resident_id IS NOT NULL;
CREATE INDEX outbox_about ON outbox (about_resident_id) WHERE about_resident_id IS NOT NULL;
CREATE INDEX outbox_claimed ON outbox (platform, claimed_at) WHERE status = 'sending';

-- When the line answers: "24/7", "7:30–17:00", or '' when not known.
ALTER TABLE hotlines ADD COLUMN hours TEXT NOT NULL DEFAULT '';
UPDATE hotlines SET hours = '24/7' WHERE phone IN ('113', '114', '115');

-- Before this migration a deleted newest id could be handed out again, so a
-- button in someone's chat may still carry an id above today's highest.
-- New reports and help requests start a clear margin above it.
UPDATE sqlite_sequence SET seq = seq + 1000 WHERE name IN ('deeds', 'help_requests') AND seq > 0;
