-- 015_checkins_time: the check-ins of a unit and day with when they were
-- made and the health they reported, in the index itself.
--
-- The daily digest compares today with yesterday up to the same hour: it
-- counts yesterday's check-ins made before that hour, by unit. With the
-- index by unit and day alone, that read every check-in's row (40,000
-- random reads for a city). The new index serves every lookup the old
-- one served (it is a prefix of it), and that count from the index alone.
CREATE INDEX checkins_unit_day_time ON checkins (unit_id, day, created_at, health);
DROP INDEX checkins_unit_day;
