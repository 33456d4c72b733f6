-- 008_messengers: what a second messenger needs (Zalo, which has no
-- buttons, and webhooks for both).
--
-- text_menus: the numbered choices of the messages with buttons sent to a
-- chat on a messenger without buttons, so that "2" typed after a restart
-- still means the same button. A chat may have several menus at once (two
-- help tickets sent to a coordinator): each has its own numbers, first to
-- first + size - 1, none shared, so a number names one choice of one
-- message. carrier is the platform's id of the message that shows the
-- menu (a provisional one until the platform names it); reply marks the
-- choices of a reply keyboard, which a keyboard's removal takes away.
-- standing marks a menu sent to the person about something else (a help
-- ticket, a report to review), which stays until its message changes;
-- the others, steps of the person's own conversation, give way to the
-- next such menu, so that its numbers start again from 1.
CREATE TABLE text_menus (
	platform     TEXT    NOT NULL,
	chat_id      TEXT    NOT NULL,
	carrier      TEXT    NOT NULL,
	first_number INTEGER NOT NULL,
	size         INTEGER NOT NULL,
	reply        INTEGER NOT NULL DEFAULT 0,
	standing     INTEGER NOT NULL DEFAULT 0,
	choices      BLOB    NOT NULL,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (platform, chat_id, carrier)
) WITHOUT ROWID;

-- media: the photos people sent, downloaded once and kept under the
-- SHA-256 of their bytes, so a photo sent on one messenger can be shown on
-- another (uploaded, or served at /media/<hash>).
CREATE TABLE media (
	hash       TEXT PRIMARY KEY,
	mime       TEXT NOT NULL,
	size       INTEGER NOT NULL,
	data       BLOB NOT NULL,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- A deed's photo names the platform its file id belongs to ('' for the
-- reporter's, as before) and its kept bytes; so does an appeal's photo.
ALTER TABLE deed_photos ADD COLUMN platform TEXT NOT NULL DEFAULT '';
ALTER TABLE deed_photos ADD COLUMN media_hash TEXT NOT NULL DEFAULT '';
-- Photos reported before: on the reporter's messenger, their only one
-- then (Telegram, or the console).
UPDATE deed_photos SET platform = COALESCE((SELECT r.platform FROM deeds d JOIN residents r ON r.id = d.resident_id
	WHERE d.id = deed_photos.deed_id), 'telegram');
CREATE INDEX deed_photos_media ON deed_photos (media_hash) WHERE media_hash <> '';
ALTER TABLE appeals ADD COLUMN photo_media TEXT NOT NULL DEFAULT '';

-- inbox: updates received by webhook, committed before the webhook
-- answers 200 and applied from here by the engine, which deletes each row
-- in the transaction that applies it. A delivery repeated by the platform
-- has the same (platform, key) and is stored once.
CREATE TABLE inbox (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	key         TEXT NOT NULL,
	body        BLOB NOT NULL,
	received_at INTEGER NOT NULL,
	UNIQUE (platform, key)
);
