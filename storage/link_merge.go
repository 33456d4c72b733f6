package storage

import "fmt"

// MergeResidents makes the accounts of residents keep and drop, on two
// messengers, one resident: keep's record, to which everything of drop's
// moves (check-ins, family members, reports, requests, roles, what they
// did as a coordinator, their messages, their schedules), with drop's
// unit, phone and language where keep has none; if either had stopped
// the bot's messages (/stop), the resident has. A day both checked in keeps keep's
// check-in; a family member both named stays once; an unfinished flow of
// drop's is dropped. Both accounts then lead to keep, reached on the
// account used last (drop's, which is the one in use now). It returns
// ErrLinkTaken when keep already has an account on drop's messenger (or
// the other way round), and the merged resident.
func (tx *Tx) MergeResidents(keep, drop int64) (Resident, error) {
	k, err := tx.ResidentByID(keep)
	if err != nil {
		return Resident{}, fmt.Errorf("merge residents: %w", err)
	}
	d, err := tx.ResidentByID(drop)
	if err != nil {
		return Resident{}, fmt.Errorf("merge residents: %w", err)
	}
	if err := tx.checkLinkable(k, d); err != nil {
		return Resident{}, fmt.Errorf("merge residents: %w", err)
	}
	now := ms(tx.Now)
	steps := []string{
		// both accounts (and any drop was already linked with) lead to keep
		`INSERT INTO linked_accounts (platform, platform_user_id, chat_id, username, resident_id, linked_at)
			SELECT platform, platform_user_id, chat_id, username, ?1, ?3 FROM residents WHERE id IN (?1, ?2)
			ON CONFLICT DO NOTHING`,
		`UPDATE linked_accounts SET resident_id = ?1 WHERE resident_id = ?2`,
		// family members: one of a name; their check-ins follow them
		`UPDATE OR IGNORE dependants SET resident_id = ?1 WHERE resident_id = ?2`,
		`UPDATE checkins SET dependant_id = (SELECT k.id FROM dependants k, dependants o
				WHERE o.id = checkins.dependant_id AND k.resident_id = ?1 AND k.name = o.name COLLATE NOCASE)
			WHERE resident_id = ?2 AND dependant_id IN (SELECT id FROM dependants WHERE resident_id = ?2)`,
		`UPDATE OR IGNORE checkins SET resident_id = ?1 WHERE resident_id = ?2`,
		`DELETE FROM checkins WHERE resident_id = ?2`,
		// vaccine doses and next doses follow their person the same way;
		// a dose both recorded keeps keep's
		`UPDATE doses SET dependant_id = (SELECT k.id FROM dependants k, dependants o
				WHERE o.id = doses.dependant_id AND k.resident_id = ?1 AND k.name = o.name COLLATE NOCASE)
			WHERE resident_id = ?2 AND dependant_id IN (SELECT id FROM dependants WHERE resident_id = ?2)`,
		`UPDATE OR IGNORE doses SET resident_id = ?1 WHERE resident_id = ?2`,
		`DELETE FROM doses WHERE resident_id = ?2`,
		`UPDATE doses SET recorded_by = ?1 WHERE recorded_by = ?2`,
		`UPDATE dose_due SET dependant_id = (SELECT k.id FROM dependants k, dependants o
				WHERE o.id = dose_due.dependant_id AND k.resident_id = ?1 AND k.name = o.name COLLATE NOCASE)
			WHERE resident_id = ?2 AND dependant_id IN (SELECT id FROM dependants WHERE resident_id = ?2)`,
		`UPDATE OR IGNORE dose_due SET resident_id = ?1 WHERE resident_id = ?2`,
		`DELETE FROM dose_due WHERE resident_id = ?2`,
		`UPDATE dose_due SET set_by = ?1 WHERE set_by = ?2`,
		`DELETE FROM dependants WHERE resident_id = ?2`,
		`DELETE FROM conversations WHERE resident_id = ?2`,
		`UPDATE deeds SET resident_id = ?1 WHERE resident_id = ?2`,
		`UPDATE deeds SET decided_by = ?1 WHERE decided_by = ?2`,
		`UPDATE help_requests SET resident_id = ?1 WHERE resident_id = ?2`,
		`UPDATE help_requests SET claimed_by = ?1 WHERE claimed_by = ?2`,
		`UPDATE help_requests SET resolved_by = ?1 WHERE resolved_by = ?2`,
		// roles: drop's move, except one keep already holds
		`DELETE FROM roles WHERE resident_id = ?2 AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM roles r
			WHERE r.resident_id = ?1 AND r.revoked_at IS NULL AND r.role = roles.role AND r.unit_id = roles.unit_id)`,
		`UPDATE roles SET resident_id = ?1 WHERE resident_id = ?2`,
		`UPDATE roles SET granted_by = ?1 WHERE granted_by = ?2`,
		`UPDATE invites SET created_by = ?1 WHERE created_by = ?2`,
		`UPDATE invites SET used_by = ?1 WHERE used_by = ?2`,
		`UPDATE audit_log SET actor_id = ?1 WHERE actor_id = ?2`,
		`UPDATE audit_log SET subject_id = ?1 WHERE subject_id = ?2`,
		`UPDATE appeals SET sender_id = ?1 WHERE sender_id = ?2`,
		`UPDATE appeals SET cancelled_by = ?1 WHERE cancelled_by = ?2`,
		`UPDATE schedules SET owner_id = ?1 WHERE owner_id = ?2`,
		`UPDATE appeal_templates SET sender_id = ?1 WHERE sender_id = ?2`,
		`UPDATE export_requests SET resident_id = ?1 WHERE resident_id = ?2`,
		`UPDATE campaigns SET created_by = ?1 WHERE created_by = ?2`,
		`UPDATE zone_status SET set_by = ?1 WHERE set_by = ?2`,
		`UPDATE practices SET author_id = ?1 WHERE author_id = ?2`,
		`UPDATE practices SET exemplary_by = ?1 WHERE exemplary_by = ?2`,
		`UPDATE practice_adoptions SET by_id = ?1 WHERE by_id = ?2`,
		`UPDATE OR IGNORE reminders_sent SET resident_id = ?1 WHERE resident_id = ?2`,
		`DELETE FROM reminders_sent WHERE resident_id = ?2`,
		`UPDATE outbox SET resident_id = ?1 WHERE resident_id = ?2`,
		`UPDATE outbox SET about_resident_id = ?1 WHERE about_resident_id = ?2`,
		`DELETE FROM link_codes WHERE resident_id = ?2`,
		// what keep lacks, drop's record gives
		`UPDATE residents SET
			unit_id = COALESCE(unit_id, (SELECT unit_id FROM residents WHERE id = ?2)),
			joined_at = CASE WHEN unit_id IS NULL THEN (SELECT joined_at FROM residents WHERE id = ?2) ELSE joined_at END,
			phone = CASE WHEN phone = '' THEN (SELECT phone FROM residents WHERE id = ?2) ELSE phone END,
			language = CASE WHEN language = '' THEN (SELECT language FROM residents WHERE id = ?2) ELSE language END,
			stopped_at = COALESCE(stopped_at, (SELECT stopped_at FROM residents WHERE id = ?2)),
			updated_at = ?3
		WHERE id = ?1`,
		`DELETE FROM residents WHERE id = ?2`,
	}
	for _, q := range steps {
		if _, err := tx.exec(q, keep, drop, now); err != nil {
			return Resident{}, fmt.Errorf("merge residents %d and %d: %w", keep, drop, err)
		}
	}
	// drop's account is the one in use: messages the bot sends go there
	if err := tx.useAccount(keep, d.Platform, d.UserID, d.ChatID, d.Username); err != nil {
		return Resident{}, fmt.Errorf("merge residents: %w", err)
	}
	return tx.ResidentByID(keep)
}

// checkLinkable refuses to join two records that would leave one
// resident with two accounts on one messenger.
func (tx *Tx) checkLinkable(k, d Resident) error {
	if k.Platform == d.Platform {
		return ErrLinkSamePlatform
	}
	for _, pair := range [][2]Resident{{k, d}, {d, k}} {
		accounts, err := tx.LinkedAccounts(pair[0].ID)
		if err != nil {
			return err
		}
		for _, a := range accounts {
			if a.Platform == pair[1].Platform {
				return ErrLinkTaken
			}
		}
	}
	return nil
}
