-- 017_unit_people: the running count of the people of each unit.
--
-- A check-in's reply says how many of its group checked in today out of
-- how many people: the residents of the group who still take part
-- (neither stopped nor blocked the bot) and their family members. That
-- count read 2,000 index entries of a big group at every check-in; it is
-- now kept here by triggers, in the transaction of every change that
-- moves it.
--
-- A resident counts for 1 + their family members while active in a unit.
-- A resident's change of unit or state moves their whole household; a
-- family member added or removed moves one. When a resident is deleted,
-- their household leaves the count before the row goes (BEFORE DELETE):
-- the family members that the cascade deletes afterwards find no
-- resident and change nothing.
CREATE TABLE unit_people (
	unit_id INTEGER PRIMARY KEY,
	people  INTEGER NOT NULL DEFAULT 0
);

INSERT INTO unit_people (unit_id, people)
SELECT r.unit_id, count(*) + COALESCE(sum((SELECT count(*) FROM dependants d WHERE d.resident_id = r.id)), 0)
FROM residents r
WHERE r.unit_id IS NOT NULL AND r.stopped_at IS NULL AND r.blocked_at IS NULL
GROUP BY r.unit_id;

CREATE TRIGGER residents_people_insert AFTER INSERT ON residents
WHEN NEW.unit_id IS NOT NULL AND NEW.stopped_at IS NULL AND NEW.blocked_at IS NULL
BEGIN
	INSERT INTO unit_people (unit_id, people)
	VALUES (NEW.unit_id, 1 + (SELECT count(*) FROM dependants WHERE resident_id = NEW.id))
	ON CONFLICT (unit_id) DO UPDATE SET people = people + excluded.people;
END;

CREATE TRIGGER residents_people_update AFTER UPDATE OF unit_id, stopped_at, blocked_at ON residents
WHEN (OLD.unit_id IS NOT NULL AND OLD.stopped_at IS NULL AND OLD.blocked_at IS NULL)
	<> (NEW.unit_id IS NOT NULL AND NEW.stopped_at IS NULL AND NEW.blocked_at IS NULL)
	OR OLD.unit_id IS NOT NEW.unit_id
BEGIN
	UPDATE unit_people SET people = people - 1 - (SELECT count(*) FROM dependants WHERE resident_id = OLD.id)
	WHERE unit_id = OLD.unit_id AND OLD.stopped_at IS NULL AND OLD.blocked_at IS NULL;
	INSERT INTO unit_people (unit_id, people)
	SELECT NEW.unit_id, 1 + (SELECT count(*) FROM dependants WHERE resident_id = NEW.id)
	WHERE NEW.unit_id IS NOT NULL AND NEW.stopped_at IS NULL AND NEW.blocked_at IS NULL
	ON CONFLICT (unit_id) DO UPDATE SET people = people + excluded.people;
END;

CREATE TRIGGER residents_people_delete BEFORE DELETE ON residents
WHEN OLD.unit_id IS NOT NULL AND OLD.stopped_at IS NULL AND OLD.blocked_at IS NULL
BEGIN
	UPDATE unit_people SET people = people - 1 - (SELECT count(*) FROM dependants WHERE resident_id = OLD.id)
	WHERE unit_id = OLD.unit_id;
END;

CREATE TRIGGER dependants_people_insert AFTER INSERT ON dependants
BEGIN
	UPDATE unit_people SET people = people + 1
	WHERE unit_id = (SELECT unit_id FROM residents
		WHERE id = NEW.resident_id AND stopped_at IS NULL AND blocked_at IS NULL);
END;

CREATE TRIGGER dependants_people_delete AFTER DELETE ON dependants
BEGIN
	UPDATE unit_people SET people = people - 1
	WHERE unit_id = (SELECT unit_id FROM residents
		WHERE id = OLD.resident_id AND stopped_at IS NULL AND blocked_at IS NULL);
END;

CREATE TRIGGER dependants_people_move AFTER UPDATE OF resident_id ON dependants
WHEN OLD.resident_id IS NOT NEW.resident_id
BEGIN
	UPDATE unit_people SET people = people - 1
	WHERE unit_id = (SELECT unit_id FROM residents
		WHERE id = OLD.resident_id AND stopped_at IS NULL AND blocked_at IS NULL);
	UPDATE unit_people SET people = people + 1
	WHERE unit_id = (SELECT unit_id FROM residents
		WHERE id = NEW.resident_id AND stopped_at IS NULL AND blocked_at IS NULL);
END;
