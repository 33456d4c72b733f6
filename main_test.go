package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// clearEnv removes the program's variables so a developer's own settings
// cannot leak into a test.
func clearEnv(t *testing.T) {
	for _, k := range []string{"TELEGRAM_TOKEN", "TELEGRAM_API_ENDPOINT", "CHUNGSUC_DB", "CHUNGSUC_ADMINS", "CHUNGSUC_TZ", "CHUNGSUC_LANG",
		"ZALO_TOKEN", "ZALO_API_ENDPOINT", "ZALO_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_SECRET", "CHUNGSUC_HTTP", "CHUNGSUC_PUBLIC_URL",
		"CHUNGSUC_WEBHOOK", "CHUNGSUC_ZALO_RATE", "CHUNGSUC_LOG_FORMAT", "CHUNGSUC_LOG_LEVEL", "CHUNGSUC_HEALTH_MAX_AGE", "CHUNGSUC_BACKUP_DIR", "CHUNGSUC_BACKUP_KEEP"} {
		t.Setenv(k, "")
	}
}

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestBadConfigurationStopsWithOneClearLine(t *testing.T) {
	const secret = "999999:SECRET_VALUE_THAT_MUST_NOT_LEAK"
	db := filepath.Join(t.TempDir(), "c.db")
	tests := []struct {
		label string
		env   map[string]string
		args  []string
		want  string
	}{
		{"missing token", nil, []string{"run", "-db", db}, "TELEGRAM_TOKEN is missing"},
		{"malformed token", map[string]string{"TELEGRAM_TOKEN": "SECRET_VALUE_THAT_MUST_NOT_LEAK"}, []string{"run", "-db", db}, "TELEGRAM_TOKEN is malformed"},
		{"endpoint without two %s", map[string]string{"TELEGRAM_TOKEN": secret, "TELEGRAM_API_ENDPOINT": "https://api.example/bot%s"}, []string{"run", "-db", db}, "TELEGRAM_API_ENDPOINT must be a format string"},
		{"endpoint not http", map[string]string{"TELEGRAM_TOKEN": secret}, []string{"run", "-db", db, "-endpoint", "ftp://x/bot%s/%s"}, "TELEGRAM_API_ENDPOINT must be an http or https URL"},
		{"admins not numbers", map[string]string{"TELEGRAM_TOKEN": secret, "CHUNGSUC_ADMINS": "12,abc"}, []string{"run", "-db", db}, "CHUNGSUC_ADMINS must be"},
		{"malformed Zalo token", map[string]string{"ZALO_TOKEN": "SECRET_VALUE_THAT_MUST_NOT_LEAK"}, []string{"run", "-db", db}, "ZALO_TOKEN is malformed"},
		{"Zalo endpoint not http", map[string]string{"ZALO_TOKEN": secret, "ZALO_API_ENDPOINT": "ftp://x"}, []string{"run", "-db", db}, "ZALO_API_ENDPOINT must be an http or https URL"},
		{"Zalo rate not a number", map[string]string{"ZALO_TOKEN": secret, "CHUNGSUC_ZALO_RATE": "fast"}, []string{"run", "-db", db}, "CHUNGSUC_ZALO_RATE must be"},
		{"webhook secret too short", map[string]string{"ZALO_TOKEN": secret, "ZALO_WEBHOOK_SECRET": "SECRET"}, []string{"run", "-db", db}, "ZALO_WEBHOOK_SECRET must be 8 to 256"},
		{"webhook not https", map[string]string{"ZALO_TOKEN": secret, "CHUNGSUC_HTTP": ":8080"}, []string{"run", "-db", db, "-webhook", "http://bot.example.vn"}, "CHUNGSUC_WEBHOOK must be a public https URL"},
		{"webhook without a listener", map[string]string{"ZALO_TOKEN": secret, "CHUNGSUC_WEBHOOK": "https://bot.example.vn"}, []string{"run", "-db", db}, "CHUNGSUC_HTTP is needed"},
		{"admin of an unknown messenger", map[string]string{"ZALO_TOKEN": secret, "CHUNGSUC_ADMINS": "viber:12"}, []string{"run", "-db", db}, "CHUNGSUC_ADMINS must be"},
		{"unknown time zone", map[string]string{"CHUNGSUC_TZ": "Mars/Olympus"}, []string{"console", "-db", db}, "CHUNGSUC_TZ is not a known time zone"},
		{"unknown language", map[string]string{"CHUNGSUC_LANG": "fr"}, []string{"console", "-db", db}, "CHUNGSUC_LANG must be vi or en"},
		{"flag overrides env", map[string]string{"CHUNGSUC_LANG": "vi"}, []string{"console", "-db", db, "-lang", "de"}, "CHUNGSUC_LANG must be vi or en"},
		{"log format", map[string]string{"TELEGRAM_TOKEN": secret, "CHUNGSUC_LOG_FORMAT": "xml"}, []string{"run", "-db", db}, "CHUNGSUC_LOG_FORMAT must be text or json"},
		{"log level", map[string]string{"TELEGRAM_TOKEN": secret}, []string{"run", "-db", db, "-log-level", "loud"}, "CHUNGSUC_LOG_LEVEL must be"},
		{"health age", map[string]string{"TELEGRAM_TOKEN": secret, "CHUNGSUC_HEALTH_MAX_AGE": "soon"}, []string{"run", "-db", db}, "CHUNGSUC_HEALTH_MAX_AGE must be a duration"},
		{"backups kept", map[string]string{"TELEGRAM_TOKEN": secret, "CHUNGSUC_BACKUP_KEEP": "0"}, []string{"run", "-db", db}, "CHUNGSUC_BACKUP_KEEP must be"},
		{"unknown flag", nil, []string{"run", "-nope"}, "flag provided but not defined"},
		{"unknown command", nil, []string{"serve"}, `unknown command "serve"`},
		{"units without a file", nil, []string{"units", "import", "-db", db}, "Usage: chungsuc units import"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, _, stderr := runCmd(t, "", tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to say %q", stderr, tt.want)
			}
			if strings.Contains(stderr, "SECRET_VALUE") {
				t.Errorf("the token's value leaked: %q", stderr)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Errorf("it panicked: %s", stderr)
			}
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	clearEnv(t)
	for _, args := range [][]string{{"-h"}, {"run", "-h"}, {"console", "-h"}, {"units", "-h"}, {"units", "import", "-h"}} {
		code, out, errs := runCmd(t, "", args...)
		if code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(out+errs, "Usage") {
			t.Errorf("%v printed no usage: %q", args, out+errs)
		}
	}
	for _, arg := range []string{"version", "--version", "-version"} {
		if code, out, _ := runCmd(t, "", arg); code != 0 || !strings.HasPrefix(out, "chungsuc ") {
			t.Errorf("%s: exit %d, %q", arg, code, out)
		}
	}
}

func TestRejectedTokenIsFatalAndNamed(t *testing.T) {
	clearEnv(t)
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	const wrong = "424242:WRONG_TOKEN_VALUE"
	code, _, stderr := runCmd(t, "", "run", "-token", wrong, "-endpoint", fake.Endpoint(),
		"-db", filepath.Join(t.TempDir(), "t.db"))
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	if !strings.Contains(stderr, "the token was rejected") {
		t.Errorf("stderr = %q, want it to say the token was rejected", stderr)
	}
	if strings.Contains(stderr, "WRONG_TOKEN_VALUE") {
		t.Errorf("the token's value leaked: %q", stderr)
	}
}

func TestSecondPollerIsToldAndStops(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	first := startBot(t, fake, "")
	second := startBot(t, fake, "") // the newer poller wins, as on Telegram
	select {
	case code := <-first.done:
		first.done <- code
		if code != 1 {
			t.Errorf("first bot exit code = %d, want 1", code)
		}
	case <-second.done:
		t.Fatal("the newer poller stopped instead of the older one")
	}
	if logs := first.logs.String(); !strings.Contains(logs, "another process is polling with the same token") {
		t.Errorf("first bot's output does not explain the conflict:\n%s", logs)
	}
}

func TestUnitsImportCommand(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "u.db")
	good := filepath.Join(dir, "good.csv")
	bad := filepath.Join(dir, "bad.csv")
	write := func(path, body string) {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(good, "\ufeffcode,name,kind,parent_code\nDN-HC-T1,Tổ 1,group,DN-HC\nDN,Thành phố Đà Nẵng,city,\nDN-HC,Phường Hải Châu,ward,DN\n")
	write(bad, "code,name,kind,parent_code\nX1,,group,\nX2,Tổ 2,group,NOWHERE\n")

	code, out, errs := runCmd(t, "", "units", "import", "-db", db, good)
	if code != 0 || !strings.Contains(out, "3 created") {
		t.Fatalf("good file: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, _ = runCmd(t, "", "units", "import", "-db", db, good)
	if code != 0 || !strings.Contains(out, "0 created") || !strings.Contains(out, "3 unchanged") {
		t.Errorf("re-import: exit %d, out %q", code, out)
	}
	code, _, errs = runCmd(t, "", "units", "import", "-db", db, bad)
	if code != 1 || !strings.Contains(errs, "line 2") || !strings.Contains(errs, "line 3") || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("bad file: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runCmd(t, "", "units", "import", "-db", db, filepath.Join(dir, "missing.csv"))
	if code != 1 || !strings.Contains(errs, "open units file") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
}

func TestConsoleWithPipedInput(t *testing.T) {
	clearEnv(t)
	db := filepath.Join(t.TempDir(), "console.db")
	input := "/start\n1\n1\n2\n1\n/hotline\n/xyz\n"
	code, out, errs := runCmd(t, input, "console", "-db", db, "-user", "77", "-name", "Trần Thị Bình")
	if code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s\nstdout:\n%s", code, errs, out)
	}
	for _, want := range []string{
		"» /start", "Chung Sức xin chào Trần Thị Bình", "1. Thành phố Hà Nội ›", "Trả lời",
		"Bạn sinh sống tại đây, đúng không?", "Tổ dân phố 2", "Chào mừng bạn đã tham gia phong trào tại Tổ dân phố 2, Phường Tương Mai",
		"Đường dây nóng", "Chung Sức chưa có lệnh /xyz",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	// The database persists: a second session remembers the person.
	_, out, _ = runCmd(t, "/start\n", "console", "-db", db, "-user", "77")
	if !strings.Contains(out, "bạn đang tham gia phong trào tại") {
		t.Errorf("second session does not remember the unit:\n%s", out)
	}
}
