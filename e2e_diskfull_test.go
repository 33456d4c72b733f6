package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// smallDisk mounts a tmpfs of size bytes for the test, or skips it where
// the machine does not allow mounting (not root, no tmpfs).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("a small disk cannot be mounted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill writes a file that leaves about room bytes free on dir's file
// system, and returns its path.
func fill(t *testing.T, dir string, room int64) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	path := filepath.Join(dir, "filler")
	if free > room {
		if err := os.WriteFile(path, make([]byte, free-room), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestDiskFull fills the disk under the database while residents write:
// the bot stops taking updates it cannot store (Telegram keeps them),
// tells the administrator once and turns /healthz 503; once there is room
// again, it answers every update sent meanwhile, loses none, and says the
// disk has room.
func TestDiskFull(t *testing.T) {
	disk := smallDisk(t, 8<<20)
	dbPath := filepath.Join(disk, "bot.db")
	seedSample(t, dbPath)
	filler := fill(t, disk, 2<<20)
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	const admin = 7777
	b := startBotWith(t, fake, dbPath, func(c *config) { c.HTTP, c.admins = addr, fmt.Sprint(admin) })

	const people = 400
	for i := range people {
		fake.PushMessage(telegramtest.User{ID: int64(20000 + i), FirstName: fmt.Sprintf("Cư dân %d", i)},
			"/start Xin chào, tôi là cư dân mới của phường, rất mong được tham gia phong trào cùng bà con")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	full := func(s telegramtest.Sent) bool {
		return strings.Contains(s.PlainText, "Ổ đĩa của máy chạy Chung Sức đã đầy")
	}
	if _, err := fake.WaitLast(ctx, admin, full); err != nil {
		t.Fatalf("the administrator was not told the disk is full: %v\nlogs:\n%s", err, b.logs.String())
	}
	body := waitHTTP(t, "http://"+addr+"/healthz", http.StatusServiceUnavailable, "the disk is full")
	if strings.Contains(body, "Cư dân") {
		t.Errorf("/healthz shows personal data: %q", body)
	}
	answered := func() int {
		n := 0
		for i := range people {
			if len(fake.SentTo(int64(20000+i))) > 0 {
				n++
			}
		}
		return n
	}
	before := answered()
	if before == people {
		t.Fatal("every update was answered: the disk never filled")
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := fake.WaitFor(ctx, func([]telegramtest.Sent) bool { return answered() == people }); err != nil {
		t.Fatalf("after the disk had room, %d of %d people were answered: %v\nlogs:\n%s", answered(), people, err, b.logs.String())
	}
	back := func(s telegramtest.Sent) bool {
		return strings.Contains(s.PlainText, "Chung Sức đã ghi được dữ liệu trở lại")
	}
	if _, err := fake.WaitLast(ctx, admin, back); err != nil {
		var got []string
		for _, s := range fake.SentTo(admin) {
			got = append(got, s.PlainText)
		}
		t.Fatalf("the administrator was not told the database can be written again: %v\nthey got: %q\nlogs:\n%s", err, got, b.logs.String())
	}
	waitHTTP(t, "http://"+addr+"/healthz", http.StatusOK, "ok")
	alerts := 0
	for _, s := range fake.SentTo(admin) {
		if full(s) {
			alerts++
		}
	}
	if alerts != 1 {
		t.Errorf("the administrator was told %d times that the disk is full, want once", alerts)
	}
	if code := b.stop(); code != 0 {
		t.Fatalf("exit code %d\nlogs:\n%s", code, b.logs.String())
	}
	if applied, _ := appliedCounts(t, dbPath); applied != people {
		t.Errorf("%d updates recorded as applied, want %d", applied, people)
	}
	t.Logf("%d of %d answered before the disk had room again", before, people)
}

// immutable makes the database's files immutable (on) or not, or skips
// the test where chattr cannot (no chattr, a file system without it).
func immutable(t *testing.T, on bool, paths ...string) {
	t.Helper()
	flag := map[bool]string{true: "+i", false: "-i"}[on]
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if out, err := exec.Command("chattr", flag, p).CombinedOutput(); err != nil {
			if on {
				t.Skipf("files cannot be made read-only here (%v: %s)", err, strings.TrimSpace(string(out)))
			}
			t.Fatalf("chattr %s %s: %v: %s", flag, p, err, out)
		}
	}
}

// TestDatabaseMadeReadOnly makes the database's files read-only (immutable:
// even root cannot write them) under the running bot: it stops taking
// updates, alerts the administrator once, and once the files can be
// written again answers every update, losing none. A bot started on such
// a file says in one line what is wrong.
func TestDatabaseMadeReadOnly(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "bot.db")
	seedSample(t, dbPath)
	files := []string{dbPath, dbPath + "-wal", dbPath + "-shm"}
	t.Cleanup(func() { immutable(t, false, files...) })
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	const admin = 7778
	b := startBotWith(t, fake, dbPath, func(c *config) { c.admins = fmt.Sprint(admin) })
	immutable(t, true, files...)
	const people = 20
	for i := range people {
		fake.PushMessage(telegramtest.User{ID: int64(30000 + i), FirstName: "Cư dân"}, "/help")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cannot := func(s telegramtest.Sent) bool {
		return strings.Contains(s.PlainText, "không ghi được vào cơ sở dữ liệu")
	}
	if _, err := fake.WaitLast(ctx, admin, cannot); err != nil {
		t.Fatalf("the administrator was not told: %v\nlogs:\n%s", err, b.logs.String())
	}
	immutable(t, false, files...)
	err := fake.WaitFor(ctx, func([]telegramtest.Sent) bool {
		for i := range people {
			if len(fake.SentTo(int64(30000+i))) == 0 {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("not everyone was answered once the files could be written: %v\nlogs:\n%s", err, b.logs.String())
	}
	if _, err := fake.WaitLast(ctx, admin, func(s telegramtest.Sent) bool {
		return strings.Contains(s.PlainText, "đã ghi được dữ liệu trở lại")
	}); err != nil {
		t.Fatalf("the administrator was not told it can write again: %v", err)
	}
	if code := b.stop(); code != 0 {
		t.Fatalf("exit code %d\nlogs:\n%s", code, b.logs.String())
	}

	immutable(t, true, dbPath)
	clearEnv(t)
	code, _, stderr := runCmd(t, "", "run", "-token", fake.Token(), "-endpoint", fake.Endpoint(), "-db", dbPath)
	if code == 0 || !strings.Contains(stderr, "cannot be written") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
		t.Errorf("start on a read-only database: exit %d, %q", code, stderr)
	}
}

// TestDiskFullWebhook is TestDiskFull in webhook mode, where a full disk
// is met first by the listener storing a webhook: it answers 503 (the
// platform delivers again later), alerts the administrator once, and
// once there is room every update is answered.
func TestDiskFullWebhook(t *testing.T) {
	disk := smallDisk(t, 8<<20)
	dbPath := filepath.Join(disk, "bot.db")
	seedSample(t, dbPath)
	const admin = 7779
	m := startMessengersWith(t, true, true, func(c *config) { c.DB, c.admins = dbPath, fmt.Sprint(admin) })
	filler := fill(t, disk, 64<<10)
	const people = 200
	for i := range people {
		m.fake.PushMessage(telegramtest.User{ID: int64(40000 + i), FirstName: "Cư dân"},
			"/start Xin chào, tôi là cư dân mới của phường, rất mong được tham gia phong trào cùng bà con")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	full := func(s telegramtest.Sent) bool {
		return strings.Contains(s.PlainText, "Ổ đĩa của máy chạy Chung Sức đã đầy")
	}
	if _, err := m.fake.WaitLast(ctx, admin, full); err != nil {
		t.Fatalf("the administrator was not told the disk is full: %v\nlogs:\n%s", err, m.logs.String())
	}
	waitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/healthz", m.port), http.StatusServiceUnavailable, "the disk is full")
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	err := m.fake.WaitFor(ctx, func([]telegramtest.Sent) bool {
		for i := range people {
			if len(m.fake.SentTo(int64(40000+i))) == 0 {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("not everyone was answered once there was room: %v\nlogs:\n%s", err, m.logs.String())
	}
	waitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/healthz", m.port), http.StatusOK, "ok")
}
