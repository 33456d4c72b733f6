-- 001_init: units, hotlines, residents, roles, update bookkeeping, outbox,
-- settings and conversations. Times are INTEGER unix milliseconds (UTC).

-- Units form a tree of any depth: province/city → (district) → ward → group.
CREATE TABLE units (
	id          INTEGER PRIMARY KEY,
	code        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
	name        TEXT    NOT NULL,
	kind        TEXT    NOT NULL,
	parent_id   INTEGER NULL REFERENCES units(id),
	search_key  TEXT    NOT NULL,           -- Fold(name)
	tz          TEXT    NULL,               -- IANA zone; NULL = default
	position    INTEGER NOT NULL DEFAULT 0, -- import order
	depth       INTEGER NOT NULL DEFAULT 0, -- 0 = root
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX units_parent ON units (parent_id, position, id);
CREATE INDEX units_search ON units (search_key);

CREATE TABLE hotlines (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
	label       TEXT    NOT NULL,
	phone       TEXT    NOT NULL,
	position    INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL
);
CREATE INDEX hotlines_unit ON hotlines (unit_id, position, id);

CREATE TABLE residents (
	id                INTEGER PRIMARY KEY,
	platform          TEXT    NOT NULL,            -- telegram, zalo, console
	platform_user_id  TEXT    NOT NULL,
	chat_id           TEXT    NOT NULL,
	name              TEXT    NOT NULL DEFAULT '',
	username          TEXT    NOT NULL DEFAULT '',
	language          TEXT    NOT NULL DEFAULT '', -- chosen: vi, en, '' = not chosen
	platform_language TEXT    NOT NULL DEFAULT '', -- e.g. Telegram language_code
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
CREATE INDEX residents_unit ON residents (unit_id);
CREATE INDEX residents_chat ON residents (platform, chat_id);

CREATE TABLE roles (
	id          INTEGER PRIMARY KEY,
	resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	role        TEXT    NOT NULL CHECK (role IN ('coordinator', 'official')),
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	granted_by  INTEGER NULL, -- a resident id; no foreign key: grantors may be deleted
	granted_at  INTEGER NOT NULL,
	revoked_at  INTEGER NULL
);
CREATE INDEX roles_resident ON roles (resident_id);
CREATE INDEX roles_unit ON roles (unit_id, role);

-- The next getUpdates offset per bot ("telegram:<bot id>").
CREATE TABLE update_offsets (
	source      TEXT    PRIMARY KEY,
	next_offset INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);

-- Ids of updates already applied, kept ~48 h: ids are not monotonic forever.
CREATE TABLE processed_updates (
	source       TEXT    NOT NULL,
	update_id    TEXT    NOT NULL,
	processed_at INTEGER NOT NULL,
	PRIMARY KEY (source, update_id)
) WITHOUT ROWID;
CREATE INDEX processed_updates_time ON processed_updates (processed_at);

-- Every outgoing message, written in the transaction that caused it.
CREATE TABLE outbox (
	id                  INTEGER PRIMARY KEY,
	platform            TEXT    NOT NULL,
	chat_id             TEXT    NOT NULL,
	resident_id         INTEGER NULL, -- no foreign key: residents may be forgotten
	priority            INTEGER NOT NULL DEFAULT 0, -- 0 = reply, higher = bulk
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
	batch_id            INTEGER NULL
);
-- Claim: pending messages in (priority, id) order.
CREATE INDEX outbox_due ON outbox (platform, priority, id, not_before, chat_id) WHERE status = 'pending';
-- Per-chat order: is there an earlier active message in this chat?
CREATE INDEX outbox_chat ON outbox (platform, chat_id, id, status) WHERE status IN ('pending', 'sending');
-- Next due time for a sleeping dispatcher.
CREATE INDEX outbox_next ON outbox (platform, not_before, chat_id) WHERE status = 'pending';
CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX outbox_resident ON outbox (resident_id) WHERE resident_id IS NOT NULL;

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
);

-- Multi-step flow state that survives restarts.
CREATE TABLE conversations (
	resident_id INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
	flow        TEXT    NOT NULL,
	step        TEXT    NOT NULL,
	data        BLOB    NULL,
	nonce       INTEGER NOT NULL DEFAULT 0,
	updated_at  INTEGER NOT NULL
);
