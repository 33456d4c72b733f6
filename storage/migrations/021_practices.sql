-- 021_practices: good practices (mô hình hay, cách làm hay) a unit's
-- coordinators post, officials of a unit above mark exemplary and
-- replicate (nhân rộng) to other units, which adopt them or ask for help.
CREATE TABLE practices (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	author_id      INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	title          TEXT    NOT NULL,
	what           TEXT    NOT NULL, -- what it is
	how            TEXT    NOT NULL, -- how to do it
	contact        TEXT    NOT NULL DEFAULT '', -- whom to ask (a name, a phone of an office)
	photo          TEXT    NOT NULL DEFAULT '', -- a file id of photo_platform
	photo_platform TEXT    NOT NULL DEFAULT '',
	photo_media    TEXT    NOT NULL DEFAULT '', -- the hex SHA-256 of the photo's kept bytes
	example        INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1)), -- shipped with a campaign template
	exemplary_by   INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	exemplary_at   INTEGER NULL,
	created_at     INTEGER NOT NULL
);
CREATE INDEX practices_unit ON practices (unit_id, id);

CREATE TABLE practice_adoptions (
	practice_id INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	status      TEXT    NOT NULL CHECK (status IN ('asked', 'adopted', 'help')),
	by_id       INTEGER NULL REFERENCES residents(id) ON DELETE SET NULL,
	at          INTEGER NOT NULL,
	PRIMARY KEY (practice_id, unit_id)
) WITHOUT ROWID;
