-- 022_top_dose: each person's highest vaccine dose, beside the person.
--
-- Counting the vaccinated of a city from the doses themselves grouped
-- 170,000 rows by person at every leaderboard, digest and public page
-- (a quarter of a second). Each resident and family member now carries
-- the highest dose recorded for them (0 for none), kept by the triggers
-- below, and the index by unit and state covers it: the count is read
-- in the same pass as the people.
ALTER TABLE residents ADD COLUMN top_dose INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dependants ADD COLUMN top_dose INTEGER NOT NULL DEFAULT 0;

UPDATE residents SET top_dose = (SELECT max(d.dose) FROM doses d WHERE d.resident_id = residents.id AND d.dependant_id = 0)
WHERE id IN (SELECT resident_id FROM doses WHERE dependant_id = 0);
UPDATE dependants SET top_dose = (SELECT max(d.dose) FROM doses d WHERE d.resident_id = dependants.resident_id AND d.dependant_id = dependants.id)
WHERE id IN (SELECT dependant_id FROM doses WHERE dependant_id <> 0);

DROP INDEX residents_unit_state;
CREATE INDEX residents_unit_state ON residents (unit_id, joined_at, stopped_at, blocked_at, top_dose);

CREATE TRIGGER doses_top_insert AFTER INSERT ON doses
BEGIN
	UPDATE residents SET top_dose = max(top_dose, NEW.dose) WHERE id = NEW.resident_id AND NEW.dependant_id = 0;
	UPDATE dependants SET top_dose = max(top_dose, NEW.dose) WHERE id = NEW.dependant_id AND NEW.dependant_id <> 0;
END;

CREATE TRIGGER doses_top_delete AFTER DELETE ON doses
BEGIN
	UPDATE residents SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
		WHERE d.resident_id = OLD.resident_id AND d.dependant_id = 0), 0)
	WHERE id = OLD.resident_id AND OLD.dependant_id = 0;
	UPDATE dependants SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
		WHERE d.resident_id = OLD.resident_id AND d.dependant_id = OLD.dependant_id), 0)
	WHERE id = OLD.dependant_id AND OLD.dependant_id <> 0;
END;

-- A dose moved to another person (two profiles merged by /link), or its
-- number corrected: both people are counted again.
CREATE TRIGGER doses_top_update AFTER UPDATE OF resident_id, dependant_id, dose ON doses
BEGIN
	UPDATE residents SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
		WHERE d.resident_id = residents.id AND d.dependant_id = 0), 0)
	WHERE (id = OLD.resident_id AND OLD.dependant_id = 0) OR (id = NEW.resident_id AND NEW.dependant_id = 0);
	UPDATE dependants SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
		WHERE d.resident_id = dependants.resident_id AND d.dependant_id = dependants.id), 0)
	WHERE (id = OLD.dependant_id AND OLD.dependant_id <> 0) OR (id = NEW.dependant_id AND NEW.dependant_id <> 0);
END;
