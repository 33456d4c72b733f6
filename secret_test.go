package main

import (
	"strings"
	"testing"
)

// TestHelpNeverPrintsTheToken runs -h and a mistyped flag with the token in
// the environment (as under systemd, where a typo in ExecStart puts the
// output in the journal) and looks for it in everything printed.
func TestHelpNeverPrintsTheToken(t *testing.T) {
	const token = "123456789:AAH_SECRET_VALUE_THAT_MUST_NOT_LEAK"
	for _, args := range [][]string{
		{"run", "-h"},
		{"run", "--help"},
		{"run", "-tokn", "x"},
		{"run", "-token", token, "-nope"},
		{"run", "-zalo-tokn", "x"},
		{"-h"},
		{"console", "-h"},
		{"roles", "list", "-h"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			clearEnv(t)
			t.Setenv("TELEGRAM_TOKEN", token)
			t.Setenv("ZALO_TOKEN", "987654321:ZALO_SECRET_VALUE")
			t.Setenv("ZALO_WEBHOOK_SECRET", "HOOK_SECRET_VALUE")
			t.Setenv("TELEGRAM_WEBHOOK_SECRET", "TG_HOOK_SECRET_VALUE")
			_, stdout, stderr := runCmd(t, "", args...)
			for _, out := range []string{stdout, stderr} {
				if strings.Contains(out, "SECRET_VALUE") || strings.Contains(out, "123456789:") || strings.Contains(out, "987654321:") {
					t.Fatalf("a secret leaked:\n%s", out)
				}
			}
			if args[0] == "run" && args[1] == "-h" && (!strings.Contains(stderr, "(from TELEGRAM_TOKEN: set)") ||
				!strings.Contains(stderr, "(from ZALO_TOKEN: set)")) {
				t.Errorf("-h does not say where the token comes from:\n%s", stderr)
			}
		})
	}
}
