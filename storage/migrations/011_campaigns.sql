-- 011_campaigns: emulation campaigns (phong trào thi đua) with their
-- tasks and scored criteria, the running counts per unit and day that
-- the leaderboard and digests read instead of millions of check-ins, and
-- green zones set by hand.

-- A campaign of a unit runs over local days [starts_on, ends_on] for the
-- unit and everything below it; the nearest one above a resident is
-- theirs. ended_at closes it early.
CREATE TABLE campaigns (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	title       TEXT    NOT NULL,
	slogan      TEXT    NOT NULL DEFAULT '',
	starts_on   TEXT    NOT NULL, -- local day, YYYY-MM-DD
	ends_on     TEXT    NOT NULL,
	template    TEXT    NOT NULL DEFAULT '', -- the template it was made from
	created_by  INTEGER NULL, -- a resident id; no foreign key: they may be forgotten
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	ended_at    INTEGER NULL,
	CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_unit ON campaigns (unit_id, ends_on);

CREATE TABLE campaign_tasks (
	campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL, -- 1, 2, …
	text        TEXT    NOT NULL,
	PRIMARY KEY (campaign_id, position)
) WITHOUT ROWID;

-- While a campaign runs, its criteria are the categories of /report; a
-- deed approved under one scores its points (twice when commended).
CREATE TABLE campaign_criteria (
	campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL, -- 1, 2, …
	label       TEXT    NOT NULL,
	points      INTEGER NOT NULL CHECK (points BETWEEN 1 AND 100),
	PRIMARY KEY (campaign_id, position)
) WITHOUT ROWID;

-- A deed remembers the campaign and the points of its criterion when it
-- was reported: editing the criteria later does not rewrite the past.
ALTER TABLE deeds ADD COLUMN campaign_id INTEGER NULL;
ALTER TABLE deeds ADD COLUMN points INTEGER NOT NULL DEFAULT 1;
CREATE INDEX deeds_unit_time ON deeds (unit_id, created_at);
CREATE INDEX help_requests_unit_time ON help_requests (unit_id, created_at);

-- unit_days counts the check-ins of each unit and local day, and their
-- health, kept by triggers in the transaction of every check-in: the
-- leaderboard and digests sum a few rows per unit and day.
CREATE TABLE unit_days (
	unit_id  INTEGER NOT NULL,
	day      TEXT    NOT NULL,
	checkins INTEGER NOT NULL DEFAULT 0,
	symptoms INTEGER NOT NULL DEFAULT 0,
	f0       INTEGER NOT NULL DEFAULT 0,
	f1       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;

INSERT INTO unit_days (unit_id, day, checkins, symptoms, f0, f1)
	SELECT unit_id, day, count(*), sum(health = 'symptoms'), sum(health = 'f0'), sum(health = 'f1')
	FROM checkins GROUP BY unit_id, day;

CREATE TRIGGER checkins_count_insert AFTER INSERT ON checkins BEGIN
	INSERT OR IGNORE INTO unit_days (unit_id, day) VALUES (NEW.unit_id, NEW.day);
	UPDATE unit_days SET checkins = checkins + 1, symptoms = symptoms + (NEW.health = 'symptoms'),
		f0 = f0 + (NEW.health = 'f0'), f1 = f1 + (NEW.health = 'f1')
	WHERE unit_id = NEW.unit_id AND day = NEW.day;
END;

CREATE TRIGGER checkins_count_delete AFTER DELETE ON checkins BEGIN
	UPDATE unit_days SET checkins = checkins - 1, symptoms = symptoms - (OLD.health = 'symptoms'),
		f0 = f0 - (OLD.health = 'f0'), f1 = f1 - (OLD.health = 'f1')
	WHERE unit_id = OLD.unit_id AND day = OLD.day;
END;

CREATE TRIGGER checkins_count_update AFTER UPDATE OF unit_id, day, health ON checkins
WHEN OLD.unit_id != NEW.unit_id OR OLD.day != NEW.day OR OLD.health != NEW.health BEGIN
	UPDATE unit_days SET checkins = checkins - 1, symptoms = symptoms - (OLD.health = 'symptoms'),
		f0 = f0 - (OLD.health = 'f0'), f1 = f1 - (OLD.health = 'f1')
	WHERE unit_id = OLD.unit_id AND day = OLD.day;
	INSERT OR IGNORE INTO unit_days (unit_id, day) VALUES (NEW.unit_id, NEW.day);
	UPDATE unit_days SET checkins = checkins + 1, symptoms = symptoms + (NEW.health = 'symptoms'),
		f0 = f0 + (NEW.health = 'f0'), f1 = f1 + (NEW.health = 'f1')
	WHERE unit_id = NEW.unit_id AND day = NEW.day;
END;

-- A unit's green-zone status set by hand, with its reason; without a row
-- the status follows the check-ins (no F0 in the last 14 days).
CREATE TABLE zone_status (
	unit_id INTEGER PRIMARY KEY REFERENCES units(id),
	green   INTEGER NOT NULL CHECK (green IN (0, 1)),
	reason  TEXT    NOT NULL,
	set_by  INTEGER NULL, -- a resident id
	set_at  INTEGER NOT NULL
);
