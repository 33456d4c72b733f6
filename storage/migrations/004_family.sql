-- 004_family: family members a resident checks in for.
-- chungsuc:foreign_keys=off
--
-- A resident can check in for people of their household who have no phone
-- (an elderly parent, a child). Each is named once in dependants; a
-- family member removed from the list is deleted with their check-ins
-- (their health data goes when the resident asks, not at /forget only),
-- so there is no "removed" state to keep.
--
-- checkins gains dependant_id: 0 for the resident themself, else the
-- family member's id (0 cannot be a foreign key, so a trigger deletes a
-- family member's check-ins with them). The table is rebuilt to change
-- its unique key, keeping every id, and with AUTOINCREMENT like the other
-- tables whose ids leave the database (the /mydata export). The unique key
-- starts with (resident_id, day): every frequent lookup knows the day (the
-- household's check-ins today, one person's, a streak, participation).
-- Foreign keys are off while the table is swapped; foreign_key_check runs
-- before the commit.

CREATE TABLE dependants (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	name        TEXT    NOT NULL,
	created_at  INTEGER NOT NULL
);
-- One name once per household (ASCII case folded here; storage folds the rest).
CREATE UNIQUE INDEX dependants_name ON dependants (resident_id, name COLLATE NOCASE);

CREATE TABLE checkins_new (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	dependant_id INTEGER NOT NULL DEFAULT 0, -- 0 = the resident themself, else dependants.id
	unit_id      INTEGER NOT NULL REFERENCES units(id), -- the resident's unit at the time
	day          TEXT    NOT NULL,                      -- local day, YYYY-MM-DD
	health       TEXT    NOT NULL CHECK (health IN ('well', 'symptoms', 'f0', 'f1')),
	symptoms     TEXT    NOT NULL DEFAULT '',           -- comma-separated keys
	pledge_5k    INTEGER NOT NULL DEFAULT 0 CHECK (pledge_5k IN (0, 1)),
	need         TEXT    NOT NULL DEFAULT 'none'
		CHECK (need IN ('none', 'food', 'medicine', 'medical', 'other')),
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	UNIQUE (resident_id, day, dependant_id)
);
INSERT INTO checkins_new (id, resident_id, dependant_id, unit_id, day, health, symptoms, pledge_5k,
	need, created_at, updated_at)
SELECT id, resident_id, 0, unit_id, day, health, symptoms, pledge_5k, need, created_at, updated_at
FROM checkins;
DROP TABLE checkins;
ALTER TABLE checkins_new RENAME TO checkins;
CREATE INDEX checkins_unit_day ON checkins (unit_id, day);

CREATE TRIGGER dependants_checkins_delete AFTER DELETE ON dependants
BEGIN
	DELETE FROM checkins WHERE resident_id = OLD.resident_id AND dependant_id = OLD.id;
END;
