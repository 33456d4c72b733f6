-- 019_campaign_vaccine: a campaign may score vaccination.
--
-- vaccine_points, when above 0, adds to a unit's score that many points
-- times the share of its people with two doses or more (its criterion
-- "Tiêm chủng: N" in the campaign's list).
ALTER TABLE campaigns ADD COLUMN vaccine_points INTEGER NOT NULL DEFAULT 0
	CHECK (vaccine_points BETWEEN 0 AND 100);
