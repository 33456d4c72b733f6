// Package console is an adapter that lets a person talk to the bot in a
// terminal, with no token and no network: lines typed (or piped) become
// updates, and messages are printed, their buttons as numbered choices.
// It is a bot.Source and a bot.Sender, like a messenger adapter.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// Platform is the name the console gives its updates and messages.
const Platform = "console"

// Caps is what the console can show: everything but buttons, which the
// dispatcher's bot.Shaper turns into numbered choices (kept in the
// database, as for Zalo), and a button to share a phone number (type
// "!contact 0912345678" instead).
var Caps = bot.Caps{Name: "Console", Edits: true, Answers: true, Documents: true, PhotoUpload: true, CommandMenu: true,
	TextLimit: 4096}

// Config says who is typing and where the conversation goes.
type Config struct {
	In  io.Reader
	Out io.Writer
	// User is who the person at the terminal is (their id decides whether
	// they are an administrator).
	User bot.User
	// Interactive prints a prompt before each line; otherwise each line
	// read is echoed, so a piped session reads as a transcript.
	Interactive bool
	// WaitIdle, if set, is called before reading each line, so that every
	// reply to the previous line has been printed (Dispatcher.WaitIdle).
	WaitIdle func(ctx context.Context) error
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Console is the terminal adapter.
type Console struct {
	cfg   Config
	lines chan string
	run   string // distinguishes this run's update ids from earlier runs'

	mu    sync.Mutex
	seq   int
	msgID int
}

// New returns a console adapter reading cfg.In in the background.
func New(cfg Config) *Console {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Console{cfg: cfg, lines: make(chan string), run: strconv.FormatInt(cfg.Now().UnixNano(), 36)}
	go c.read()
	return c
}

func (c *Console) read() {
	sc := bufio.NewScanner(c.cfg.In)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		c.lines <- sc.Text()
	}
	close(c.lines)
}

// Name identifies the console's update stream.
func (c *Console) Name() string { return Platform }

// Poll returns the update for the next line typed, once the replies to the
// previous one are printed. It returns bot.ErrSourceClosed at the end of
// the input.
func (c *Console) Poll(ctx context.Context, _ int64) ([]bot.Update, error) {
	if c.cfg.WaitIdle != nil {
		if err := c.cfg.WaitIdle(ctx); err != nil {
			return nil, err
		}
	}
	for {
		if c.cfg.Interactive {
			fmt.Fprint(c.cfg.Out, "› ")
		}
		var line string
		var ok bool
		select {
		case line, ok = <-c.lines:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if !ok {
			return nil, bot.ErrSourceClosed
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !c.cfg.Interactive {
			fmt.Fprintf(c.cfg.Out, "» %s\n", line)
		}
		if u, ok := c.update(line); ok {
			return []bot.Update{u}, nil
		}
	}
}

// update turns a typed line into an update; ok is false when the line
// only asked the console something (to switch person).
func (c *Console) update(line string) (bot.Update, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	u := bot.Update{
		Source: Platform, Platform: Platform, ID: c.run + "-" + strconv.Itoa(c.seq),
		Kind: bot.KindMessage, From: c.cfg.User, Time: c.cfg.Now().UTC(),
		Chat: bot.Chat{ID: c.cfg.User.ID, Private: true}, MessageID: "in-" + strconv.Itoa(c.seq),
	}
	if rest, ok := strings.CutPrefix(line, "!as "); ok {
		c.switchUser(strings.TrimSpace(rest))
		return u, false
	}
	if media, rest, ok := strings.Cut(line, " "); ok || strings.HasPrefix(line, "!") {
		if c.special(&u, media, rest) {
			return u, true
		}
	}
	u.Text = line
	return u, true
}

// switchUser makes the next lines come from another person: "!as 2001"
// or "!as 2001 Trần Hùng".
func (c *Console) switchUser(arg string) {
	id, name, _ := strings.Cut(arg, " ")
	if id == "" {
		return
	}
	c.cfg.User = bot.User{ID: id, Name: strings.TrimSpace(name), LanguageCode: c.cfg.User.LanguageCode}
	fmt.Fprintf(c.cfg.Out, "👤 %s %s\n", id, c.cfg.User.Name)
}

// special reads the console's stand-ins for what a phone sends besides
// text: "!photo caption", "!contact 0912345678", "!sticker", "!voice".
func (c *Console) special(u *bot.Update, word, rest string) bool {
	switch word {
	case "!photo", "!anh":
		id := c.run + "-" + strconv.Itoa(c.seq)
		u.Photo = &bot.Photo{FileID: "console-photo-" + id, FileUniqueID: "console-" + id}
		u.Text = strings.TrimSpace(rest)
	case "!contact":
		u.Contact = &bot.Contact{Phone: strings.TrimSpace(rest), UserID: c.cfg.User.ID}
	case "!sticker", "!voice", "!video", "!document", "!location":
		u.Media = strings.TrimPrefix(word, "!")
	default:
		return false
	}
	return true
}
