-- 018_doses: the vaccine doses people say they received.
--
-- A resident records their own doses, and their family members' (the
-- dependants they check in for); a coordinator of their unit may record
-- a family member's. One row per person and dose: recording a dose again
-- corrects its date. Health data: deleted with the person.
CREATE TABLE doses (
	id           INTEGER PRIMARY KEY,
	resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	-- 0 = the resident themself; otherwise their family member
	dependant_id INTEGER NOT NULL DEFAULT 0,
	dose         INTEGER NOT NULL CHECK (dose BETWEEN 1 AND 4), -- 1, 2, 3; 4 = a booster (nhắc lại)
	given_on     TEXT    NOT NULL, -- the local day, YYYY-MM-DD
	recorded_by  INTEGER NULL,     -- the coordinator who recorded it; NULL = the resident
	created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX doses_person ON doses (resident_id, dependant_id, dose);

-- A family member removed takes their doses along.
CREATE TRIGGER dependants_doses_delete AFTER DELETE ON dependants
BEGIN
	DELETE FROM doses WHERE resident_id = OLD.resident_id AND dependant_id = OLD.id;
END;
