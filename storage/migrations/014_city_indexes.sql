-- 014_city_indexes: counting the people of a city without reading them.
--
-- The digest and the leaderboard count, for each unit, the residents who
-- joined it and those of them who have not stopped or blocked the bot
-- (PeopleBelow). With the index by unit alone, that read each resident's
-- row: 100,000 rows for a city, most of the time of a city's digest (see
-- BENCHMARKS.md, 2026-12-02). With whether they joined, stopped and
-- blocked in the index, the count reads the index alone. The index by
-- unit alone is a prefix of the new one, which serves every lookup it
-- served: it goes.
CREATE INDEX residents_unit_state ON residents (unit_id, joined_at, stopped_at, blocked_at);
DROP INDEX residents_unit;

-- The same for the deeds of a range of days (ActivityBelow): their status
-- and points join the index by unit and time, so that a campaign's 90
-- days of a city's deeds are summed from the index alone.
CREATE INDEX deeds_unit_time_status ON deeds (unit_id, created_at, status, points);
DROP INDEX deeds_unit_time;
