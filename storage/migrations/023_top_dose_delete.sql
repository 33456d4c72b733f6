-- 023_top_dose_delete: a family member's highest dose, recounted under
-- the resident they belong to now.
--
-- 022's delete trigger recounted a family member's doses under the
-- deleted dose's resident: when /link merges two accounts, the dropped
-- account's duplicate doses are deleted after the family member has moved
-- to the kept account, and their highest dose read 0. Every top_dose is
-- recounted.
DROP TRIGGER doses_top_delete;
CREATE TRIGGER doses_top_delete AFTER DELETE ON doses
BEGIN
	UPDATE residents SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
		WHERE d.resident_id = residents.id AND d.dependant_id = 0), 0)
	WHERE id = OLD.resident_id AND OLD.dependant_id = 0;
	UPDATE dependants SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
		WHERE d.resident_id = dependants.resident_id AND d.dependant_id = dependants.id), 0)
	WHERE id = OLD.dependant_id AND OLD.dependant_id <> 0;
END;

UPDATE residents SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
	WHERE d.resident_id = residents.id AND d.dependant_id = 0), 0);
UPDATE dependants SET top_dose = COALESCE((SELECT max(d.dose) FROM doses d
	WHERE d.resident_id = dependants.resident_id AND d.dependant_id = dependants.id), 0);
