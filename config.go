package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the static binary carries its own zone database

	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/zalo"
)

// config is the program's configuration: each setting from its
// environment variable, overridden by the flag of the same meaning.
type config struct {
	Token    string
	Endpoint string
	DB       string
	Admins   []string // user ids
	TZ       *time.Location
	Lang     string
	// Rate is how many messages per second the bot sends Telegram;
	// PaidBroadcast sends appeals as paid broadcasts, which lifts the
	// ceiling of Rate from 30 to 1000; GiveUp is how long a message that
	// keeps failing is tried.
	Rate          float64
	PaidBroadcast bool
	GiveUp        time.Duration

	// ZaloToken, ZaloEndpoint and ZaloRate are the Zalo bot's settings;
	// ZaloSecret and TelegramSecret check that webhook calls come from the
	// platform (generated and kept in the database when not set).
	ZaloToken, ZaloEndpoint    string
	ZaloRate                   float64
	ZaloSecret, TelegramSecret string
	// HTTP is the listener's address (":8080"; "" for none); PublicURL is
	// where the listener can be reached from the Internet, for photos sent
	// to Zalo by URL; Webhook, when set, is the public https URL at which
	// the messengers deliver updates (webhook mode instead of polling).
	HTTP, PublicURL, Webhook string
	// HealthMaxAge is how long /healthz stays 200 without a sign of life
	// from a messenger (a poll, a webhook, a send).
	HealthMaxAge time.Duration

	// LogJSON writes the log as JSON lines instead of text; LogLevel is
	// the least level written.
	LogJSON  bool
	LogLevel slog.Level
	// BackupDir, when set, gets a backup of the database every night;
	// BackupKeep is how many are kept.
	BackupDir  string
	BackupKeep int

	tzName, admins, rate, paid, giveUp, zaloRate, healthMaxAge, logFormat, logLevel, backupKeep string
}

// defaultZaloRate is how many messages per second go to Zalo by default:
// Zalo publishes no rate, so a conservative one, which
// CHUNGSUC_ZALO_RATE raises once the plan's quota is known.
const defaultZaloRate = 10

// Telegram's rates: about 30 messages a second for free, up to 1000 with
// paid broadcasts.
const (
	defaultTelegramRate = 25
	freeTelegramRate    = 30
	paidTelegramRate    = 1000
)

// configError is a bad setting: the program says so in one line and
// exits with code 2. It never holds the setting's value.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

func badSetting(format string, args ...any) error {
	return &configError{msg: fmt.Sprintf(format, args...)}
}

// commonFlags registers the settings every subcommand shares.
func (c *config) commonFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", envOr("CHUNGSUC_DB", "chungsuc.db"), "SQLite database file (env CHUNGSUC_DB)")
	fs.StringVar(&c.admins, "admins", os.Getenv("CHUNGSUC_ADMINS"), "comma-separated user ids of administrators (env CHUNGSUC_ADMINS)")
	fs.StringVar(&c.tzName, "tz", envOr("CHUNGSUC_TZ", "Asia/Ho_Chi_Minh"), "default time zone of units (env CHUNGSUC_TZ)")
	fs.StringVar(&c.Lang, "lang", envOr("CHUNGSUC_LANG", "vi"), "default language, vi or en (env CHUNGSUC_LANG)")
}

// opsFlags registers the settings of the log and of the nightly backup.
func (c *config) opsFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.BackupDir, "backup-dir", os.Getenv("CHUNGSUC_BACKUP_DIR"),
		"folder for a nightly backup of the database (at 02:30); empty for none (env CHUNGSUC_BACKUP_DIR)")
	fs.StringVar(&c.backupKeep, "backup-keep", envOr("CHUNGSUC_BACKUP_KEEP", "7"),
		"how many nightly backups are kept (env CHUNGSUC_BACKUP_KEEP)")
	fs.StringVar(&c.logFormat, "log-format", envOr("CHUNGSUC_LOG_FORMAT", "text"),
		"log format, text or json (env CHUNGSUC_LOG_FORMAT)")
	fs.StringVar(&c.logLevel, "log-level", envOr("CHUNGSUC_LOG_LEVEL", "info"),
		"least level logged: debug (a line per update), info, warn or error (env CHUNGSUC_LOG_LEVEL)")
}

// telegramFlags registers the settings of the Telegram adapter. The
// token flag's default stays empty, so that the flag package, which prints
// defaults on -h and on any mistyped flag, can never print the token: the
// environment is read after parsing (secretFromEnv).
func (c *config) telegramFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Token, "token", "", "bot token from @BotFather "+secretSource("TELEGRAM_TOKEN"))
	fs.StringVar(&c.Endpoint, "endpoint", envOr("TELEGRAM_API_ENDPOINT", telegram.DefaultEndpoint),
		"Bot API endpoint, a format string of the token and the method (env TELEGRAM_API_ENDPOINT)")
	fs.StringVar(&c.rate, "rate", envOr("CHUNGSUC_TELEGRAM_RATE", strconv.Itoa(defaultTelegramRate)),
		"messages per second sent to Telegram, at most 30 (1000 with paid broadcasts) (env CHUNGSUC_TELEGRAM_RATE)")
	fs.StringVar(&c.paid, "paid-broadcast", envOr("CHUNGSUC_TELEGRAM_PAID_BROADCAST", "0"),
		"1 sends appeals as paid broadcasts (Telegram Stars), allowing a rate up to 1000 (env CHUNGSUC_TELEGRAM_PAID_BROADCAST)")
	fs.StringVar(&c.giveUp, "give-up", envOr("CHUNGSUC_OUTBOX_GIVE_UP", "6h"),
		"how long a message that keeps failing is tried before it is given up (env CHUNGSUC_OUTBOX_GIVE_UP)")
}

// zaloFlags registers the settings of the Zalo adapter; secrets come from
// the environment after parsing, like the Telegram token.
func (c *config) zaloFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.ZaloToken, "zalo-token", "", "Zalo bot token from Zalo Bot Creator "+secretSource("ZALO_TOKEN"))
	fs.StringVar(&c.ZaloEndpoint, "zalo-endpoint", envOr("ZALO_API_ENDPOINT", zalo.DefaultEndpoint),
		"Zalo Bot API base URL (env ZALO_API_ENDPOINT)")
	fs.StringVar(&c.zaloRate, "zalo-rate", envOr("CHUNGSUC_ZALO_RATE", strconv.Itoa(defaultZaloRate)),
		"messages per second sent to Zalo (env CHUNGSUC_ZALO_RATE)")
}

// httpFlags registers the settings of the HTTP listener and of webhooks.
func (c *config) httpFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.HTTP, "http", os.Getenv("CHUNGSUC_HTTP"), "address of the HTTP listener, e.g. :8080; empty for none (env CHUNGSUC_HTTP)")
	fs.StringVar(&c.PublicURL, "public-url", os.Getenv("CHUNGSUC_PUBLIC_URL"),
		"public https URL of the HTTP listener: the public pages of the movement, photos on Zalo (env CHUNGSUC_PUBLIC_URL)")
	fs.StringVar(&c.Webhook, "webhook", os.Getenv("CHUNGSUC_WEBHOOK"),
		"public https URL at which the messengers deliver updates (webhook mode; env CHUNGSUC_WEBHOOK); empty to poll")
	fs.StringVar(&c.healthMaxAge, "health-max-age", envOr("CHUNGSUC_HEALTH_MAX_AGE", "5m"),
		"how long /healthz answers 200 without a poll, webhook or send that reached a messenger (env CHUNGSUC_HEALTH_MAX_AGE)")
}

// secretSource says where a secret setting comes from without its value:
// "(from TELEGRAM_TOKEN: set)" or "(from TELEGRAM_TOKEN: not set)".
func secretSource(env string) string {
	if os.Getenv(env) != "" {
		return "(from " + env + ": set)"
	}
	return "(from " + env + ": not set)"
}

// secretFromEnv fills a secret setting the command line left empty from
// its environment variable; call it after parsing.
func secretFromEnv(v *string, env string) {
	if *v == "" {
		*v = os.Getenv(env)
	}
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// check validates the shared settings.
func (c *config) check() error {
	if strings.TrimSpace(c.DB) == "" {
		return badSetting("CHUNGSUC_DB is empty: set it to the path of the SQLite database file, e.g. chungsuc.db")
	}
	loc, err := time.LoadLocation(c.tzName)
	if err != nil || c.tzName == "" {
		return badSetting("CHUNGSUC_TZ is not a known time zone: use an IANA name such as Asia/Ho_Chi_Minh")
	}
	c.TZ = loc
	if c.Lang != "vi" && c.Lang != "en" {
		return badSetting("CHUNGSUC_LANG must be vi or en")
	}
	switch c.logFormat {
	case "", "text":
		c.LogJSON = false
	case "json":
		c.LogJSON = true
	default:
		return badSetting("CHUNGSUC_LOG_FORMAT must be text or json")
	}
	if c.logLevel == "" {
		c.LogLevel = slog.LevelInfo
	} else if err := c.LogLevel.UnmarshalText([]byte(c.logLevel)); err != nil {
		return badSetting("CHUNGSUC_LOG_LEVEL must be debug, info, warn or error")
	}
	if c.backupKeep != "" {
		n, err := strconv.Atoi(c.backupKeep)
		if err != nil || n < 1 || n > 3650 {
			return badSetting("CHUNGSUC_BACKUP_KEEP must be a number of backups from 1 to 3650, e.g. 7")
		}
		c.BackupKeep = n
	}
	c.Admins = nil
	for _, f := range strings.Split(c.admins, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !adminRe.MatchString(f) {
			return badSetting("CHUNGSUC_ADMINS must be a comma-separated list of user ids: numeric Telegram ids, " +
				"or zalo:<id> for a Zalo user, e.g. 12345678,zalo:6ede9afa66b88fe6d6a9")
		}
		c.Admins = append(c.Admins, f)
	}
	return nil
}

var (
	tokenRe     = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`)
	zaloTokenRe = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`)
	// A webhook secret: what both platforms accept.
	webhookSecretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{8,256}$`)
)

// checkMessengers validates the settings of the messengers configured:
// at least one token, each well formed, and the listener's settings.
func (c *config) checkMessengers() error {
	if c.Token == "" && c.ZaloToken == "" {
		return badSetting("TELEGRAM_TOKEN is missing, and so is ZALO_TOKEN: set the token @BotFather gave you, " +
			"or the one from Zalo Bot Creator, or both (to try the bot without one, run: chungsuc console)")
	}
	if c.Token != "" {
		if err := c.checkTelegram(); err != nil {
			return err
		}
	} else if err := c.checkDispatch(); err != nil {
		return err
	}
	if c.ZaloToken != "" {
		if err := c.checkZalo(); err != nil {
			return err
		}
	}
	return c.checkHTTP()
}

// checkZalo validates the Zalo settings.
func (c *config) checkZalo() error {
	if !zaloTokenRe.MatchString(c.ZaloToken) {
		return badSetting("ZALO_TOKEN is malformed: expected the bot id, a colon, then the secret, as Zalo Bot Creator gives it")
	}
	if u, err := url.Parse(c.ZaloEndpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badSetting("ZALO_API_ENDPOINT must be an http or https URL, e.g. %s", zalo.DefaultEndpoint)
	}
	rate, err := strconv.ParseFloat(strings.TrimSpace(c.zaloRate), 64)
	if err != nil || !(rate > 0) || rate > paidTelegramRate {
		return badSetting("CHUNGSUC_ZALO_RATE must be a number of messages per second above 0 and at most %d, e.g. %d",
			paidTelegramRate, defaultZaloRate)
	}
	c.ZaloRate = rate
	if c.ZaloSecret != "" && !webhookSecretRe.MatchString(c.ZaloSecret) {
		return badSetting("ZALO_WEBHOOK_SECRET must be 8 to 256 letters, digits, _ or -")
	}
	return nil
}

// checkHTTP validates the listener, the public URL and webhook mode.
func (c *config) checkHTTP() error {
	if c.TelegramSecret != "" && !webhookSecretRe.MatchString(c.TelegramSecret) {
		return badSetting("TELEGRAM_WEBHOOK_SECRET must be 8 to 256 letters, digits, _ or -")
	}
	for _, s := range []struct{ name, value string }{{"CHUNGSUC_PUBLIC_URL", c.PublicURL}, {"CHUNGSUC_WEBHOOK", c.Webhook}} {
		if s.value == "" {
			continue
		}
		u, err := url.Parse(s.value)
		// http only on this machine: a test, or a proxy beside the bot
		local := u != nil && u.Scheme == "http" && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost" || u.Hostname() == "::1")
		if err != nil || (u.Scheme != "https" && !local) || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return badSetting("%s must be a public https URL without query, e.g. https://chungsuc.example.vn", s.name)
		}
	}
	if c.healthMaxAge != "" {
		d, err := time.ParseDuration(c.healthMaxAge)
		if err != nil || d <= 0 {
			return badSetting("CHUNGSUC_HEALTH_MAX_AGE must be a duration above 0, such as 5m or 90s")
		}
		c.HealthMaxAge = d
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	c.Webhook = strings.TrimRight(c.Webhook, "/")
	if (c.Webhook != "" || c.PublicURL != "") && strings.TrimSpace(c.HTTP) == "" {
		return badSetting("CHUNGSUC_HTTP is needed for webhooks and photos by URL: set it to the address to listen on, e.g. :8080")
	}
	return nil
}

// checkTelegram validates the Telegram settings.
func (c *config) checkTelegram() error {
	if c.Token == "" {
		return badSetting("TELEGRAM_TOKEN is missing: set it to the token @BotFather gave you (to try the bot without one, run: chungsuc console)")
	}
	if !tokenRe.MatchString(c.Token) {
		return badSetting("TELEGRAM_TOKEN is malformed: expected digits, a colon, then letters, digits, _ or - (as @BotFather gives it)")
	}
	if strings.Count(c.Endpoint, "%s") != 2 {
		return badSetting("TELEGRAM_API_ENDPOINT must be a format string with two %%s, for the token and the method, e.g. %s", telegram.DefaultEndpoint)
	}
	u, err := url.Parse(fmt.Sprintf(c.Endpoint, "TOKEN", "getMe"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badSetting("TELEGRAM_API_ENDPOINT must be an http or https URL, e.g. %s", telegram.DefaultEndpoint)
	}
	return c.checkDispatch()
}

// checkDispatch validates the settings of the outbox's dispatcher.
func (c *config) checkDispatch() error {
	switch strings.TrimSpace(c.paid) {
	case "", "0":
		c.PaidBroadcast = false
	case "1":
		c.PaidBroadcast = true
	default:
		return badSetting("CHUNGSUC_TELEGRAM_PAID_BROADCAST must be 1 (send appeals as paid broadcasts) or 0")
	}
	rate, err := strconv.ParseFloat(strings.TrimSpace(c.rate), 64)
	if err != nil || !(rate > 0) || math.IsInf(rate, 0) {
		return badSetting("CHUNGSUC_TELEGRAM_RATE must be a number of messages per second above 0, e.g. %d", defaultTelegramRate)
	}
	switch {
	case rate > freeTelegramRate && !c.PaidBroadcast:
		return badSetting("CHUNGSUC_TELEGRAM_RATE is above %d messages per second, more than Telegram lets a bot send: "+
			"set it to %d or less, or set CHUNGSUC_TELEGRAM_PAID_BROADCAST=1 to send appeals as paid broadcasts (up to %d)",
			freeTelegramRate, freeTelegramRate, paidTelegramRate)
	case rate > paidTelegramRate:
		return badSetting("CHUNGSUC_TELEGRAM_RATE is above %d messages per second, more than Telegram allows even with paid broadcasts",
			paidTelegramRate)
	}
	c.Rate = rate
	giveUp, err := time.ParseDuration(strings.TrimSpace(c.giveUp))
	if err != nil || giveUp <= 0 {
		return badSetting("CHUNGSUC_OUTBOX_GIVE_UP must be a duration above 0, such as 6h or 90m")
	}
	c.GiveUp = giveUp
	return nil
}

// adminRe is one administrator: a numeric id (Telegram's, or the
// console's) or a platform-qualified one ("zalo:6ede9afa66b88fe6d6a9").
var adminRe = regexp.MustCompile(`^([0-9]+|(telegram|console):[0-9]+|zalo:[0-9A-Za-z]{1,64})$`)

// adminKeys returns the administrators as "platform:id" keys: a numeric
// id on every platform given but Zalo (whose ids are not numbers), a
// qualified one as it is.
func (c *config) adminKeys(platforms ...string) map[string]bool {
	keys := map[string]bool{}
	for _, id := range c.Admins {
		if strings.Contains(id, ":") {
			keys[id] = true
			continue
		}
		for _, p := range platforms {
			if p != zalo.Platform {
				keys[p+":"+id] = true
			}
		}
	}
	return keys
}

// isConfigError reports whether err is a bad setting.
func isConfigError(err error) bool {
	var ce *configError
	return errors.As(err, &ce)
}
