package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/storage"
)

const rolesUsage = `Usage:
  chungsuc roles list                                    list who holds which role
  chungsuc roles grant PLATFORM:USER_ID ROLE UNIT_CODE   grant coordinator or official on a unit
  chungsuc roles revoke GRANT_ID                         end a grant

PLATFORM is telegram or console; ROLE is coordinator or official. A role
on a unit covers every unit below it. Flags (-db and the others of run)
come before the arguments. Example:
  chungsuc roles grant -db chungsuc.db telegram:123456789 coordinator HN-TM`

// cmdRoles lets an operator grant and revoke roles from the command line.
func cmdRoles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, rolesUsage)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	var cfg config
	fs := flag.NewFlagSet("roles", flag.ContinueOnError)
	cfg.commonFlags(fs)
	if err := parseFlags(fs, args[1:], stderr, "chungsuc roles "+args[0]+" [flags] ...\n\n"+rolesUsage); err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "list":
		return listRoles(ctx, db, stdout)
	case "grant":
		return grantRoleCmd(ctx, db, &cfg, fs.Args(), stdout, stderr)
	case "revoke":
		return revokeRoleCmd(ctx, db, &cfg, fs.Args(), stdout, stderr)
	}
	fmt.Fprintln(stderr, rolesUsage)
	return errUsage
}

func listRoles(ctx context.Context, db *storage.DB, w io.Writer) error {
	return db.View(ctx, func(tx *storage.Tx) error {
		roles, err := tx.ActiveRoles()
		if err != nil {
			return err
		}
		if len(roles) == 0 {
			fmt.Fprintln(w, "no roles granted yet")
		}
		for _, r := range roles {
			fmt.Fprintf(w, "#%d  %-11s %-14s %s  %s:%s %s\n", r.ID, r.Role.Role, r.UnitCode, r.UnitName, r.Platform, r.UserID, r.Name)
		}
		return nil
	})
}

// grantRoleCmd grants a role and tells the person, in the same
// transaction (a running bot sends the news within seconds).
func grantRoleCmd(ctx context.Context, db *storage.DB, cfg *config, args []string, stdout, stderr io.Writer) error {
	if len(args) != 3 {
		fmt.Fprintln(stderr, rolesUsage)
		return errUsage
	}
	platform, userID, ok := strings.Cut(args[0], ":")
	if !ok || (platform != "telegram" && platform != "console") || userID == "" {
		return badSetting("the person must be PLATFORM:USER_ID, e.g. telegram:123456789")
	}
	if _, err := strconv.ParseInt(userID, 10, 64); err != nil {
		return badSetting("the user id must be a number, e.g. telegram:123456789")
	}
	role := args[1]
	if role != storage.RoleCoordinator && role != storage.RoleOfficial {
		return badSetting("the role must be coordinator or official")
	}
	app, err := newApp(ctx, db, cfg, newLogger(stderr, slog.LevelWarn), "", offline())
	if err != nil {
		return err
	}
	var id int64
	var overlaps []string
	var waiting storage.Waiting
	told := false
	err = db.Update(ctx, func(tx *storage.Tx) error {
		unit, err := tx.UnitByCode(args[2])
		if errors.Is(err, storage.ErrNotFound) {
			return badSetting("there is no unit with code %q: see chungsuc units list", args[2])
		}
		if err != nil {
			return err
		}
		r, err := tx.TouchResident(platform, userID, userID, "", "", "")
		if err != nil {
			return err
		}
		before, err := tx.RolesOf(r.ID)
		if err != nil {
			return err
		}
		if overlaps, err = overlapping(tx, before, role, unit); err != nil {
			return err
		}
		id, err = tx.GrantRole(r.ID, role, unit.ID, 0)
		if err != nil || slices.ContainsFunc(before, func(g storage.Role) bool { return g.ID == id }) {
			return err // granted before: they were told then
		}
		if covered, err := tx.HasRoleOver(r.ID, role, unit.ParentID); err != nil || covered && unit.ParentID != 0 {
			return err // a grant above already brings them everything here
		}
		if err := tx.Audit(storage.AuditEntry{Actor: storage.ActorOperator, Action: storage.AuditGrant,
			UnitID: unit.ID, SubjectID: r.ID, Target: fmt.Sprintf("role %d", id), Outcome: storage.AuditOK,
			Detail: role}); err != nil {
			return err
		}
		told = true
		waiting, err = app.AnnounceRole(tx, r.ID, role, unit.ID)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "granted #%d: %s:%s is %s of %s\n", id, platform, userID, role, args[2])
	switch {
	case told && role == storage.RoleCoordinator:
		fmt.Fprintf(stdout, "they are told of it in the bot (on Telegram once they have pressed Start), with what waits in %s: %s to review, %s\n",
			args[2], plural(waiting.Deeds, "report", "reports"), plural(waiting.Help, "request for help", "requests for help"))
	case told:
		fmt.Fprintln(stdout, "they are told of it in the bot (on Telegram once they have pressed Start)")
	}
	for _, o := range overlaps {
		fmt.Fprintln(stderr, "note:", o)
	}
	return nil
}

// overlapping describes the grants of the same role that already cover
// unit from above, or that unit covers below: harmless (nobody is told
// twice, and escalations skip whoever was told first) but usually a slip.
func overlapping(tx *storage.Tx, grants []storage.Role, role string, unit storage.Unit) ([]string, error) {
	up, err := tx.Ancestors(unit.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range grants {
		if g.Role != role || g.UnitID == unit.ID {
			continue
		}
		other, err := tx.UnitByID(g.UnitID)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(up, func(u storage.Unit) bool { return u.ID == g.UnitID }) {
			out = append(out, fmt.Sprintf("they are already %s of %s (grant #%d), which covers %s: this grant adds nothing; "+
				"revoke one of them with chungsuc roles revoke", role, other.Code, g.ID, unit.Code))
			continue
		}
		otherUp, err := tx.Ancestors(g.UnitID)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(otherUp, func(u storage.Unit) bool { return u.ID == unit.ID }) {
			out = append(out, fmt.Sprintf("they are also %s of %s (grant #%d), which %s covers: that grant now adds nothing; "+
				"revoke it with chungsuc roles revoke %d", role, other.Code, g.ID, unit.Code, g.ID))
		}
	}
	return out, nil
}

// revokeRoleCmd ends a grant and tells its holder, in one transaction.
func revokeRoleCmd(ctx context.Context, db *storage.DB, cfg *config, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		fmt.Fprintln(stderr, rolesUsage)
		return errUsage
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil {
		return badSetting("the grant id must be a number, as roles list shows it")
	}
	app, err := newApp(ctx, db, cfg, newLogger(stderr, slog.LevelWarn), "", offline())
	if err != nil {
		return err
	}
	err = db.Update(ctx, func(tx *storage.Tx) error {
		roles, err := tx.ActiveRoles()
		if err != nil {
			return err
		}
		i := slices.IndexFunc(roles, func(h storage.RoleHolder) bool { return h.ID == id })
		if i < 0 {
			return storage.ErrNotFound
		}
		if err := tx.RevokeRole(id); err != nil {
			return err
		}
		g := roles[i].Role
		if err := tx.Audit(storage.AuditEntry{Actor: storage.ActorOperator, Action: storage.AuditRevoke,
			UnitID: g.UnitID, SubjectID: g.ResidentID, Target: fmt.Sprintf("role %d", id), Outcome: storage.AuditOK,
			Detail: g.Role}); err != nil {
			return err
		}
		return app.RoleEnded(tx, g)
	})
	if errors.Is(err, storage.ErrNotFound) {
		return badSetting("there is no active grant #%d", id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked #%d\n", id)
	return nil
}
