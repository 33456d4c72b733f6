-- 016_commended: the newest commended deeds first, from an index.
--
-- The honour roll and the digests show the few newest commended deeds of
-- a unit and everything below it. With the deeds indexed by status and
-- unit, that read every commended deed of the subtree and sorted them (a
-- city's 2,400: 17 ms of its leaderboard). By status and decision time,
-- the newest are read first and the reading stops at the few wanted.
CREATE INDEX deeds_commended ON deeds (status, decided_at, unit_id) WHERE status = 'commended';
