-- 009_link: one resident across two messengers.
--
-- A resident who links their Telegram and Zalo accounts (/link) keeps one
-- record: linked_accounts lists every account of a linked resident, and
-- the residents row names the account used last, where messages the bot
-- sends on its own go. link_codes holds the short-lived codes that join
-- two accounts (hashed; a code is used once, expires in 10 minutes and is
-- burnt after 5 wrong guesses).
CREATE TABLE linked_accounts (
	platform         TEXT    NOT NULL,
	platform_user_id TEXT    NOT NULL,
	chat_id          TEXT    NOT NULL,
	username         TEXT    NOT NULL DEFAULT '',
	resident_id      INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
	linked_at        INTEGER NOT NULL,
	PRIMARY KEY (platform, platform_user_id)
) WITHOUT ROWID;
CREATE INDEX linked_accounts_resident ON linked_accounts (resident_id);

-- deliver_via is the messenger a linked resident chose for what the bot
-- sends on its own ('' = the one used last).
ALTER TABLE residents ADD COLUMN deliver_via TEXT NOT NULL DEFAULT '';

CREATE TABLE link_codes (
	resident_id INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
	platform    TEXT    NOT NULL, -- the messenger the code was made on
	code_hash   BLOB    NOT NULL,
	expires_at  INTEGER NOT NULL,
	tries       INTEGER NOT NULL DEFAULT 0
);
