package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CitySpec describes a made-up city for benchmarks and demonstrations
// (GenerateCity): its tree of units, its residents and what they did
// over Days local days ending on LastDay. Every value drawn is
// pseudo-random but deterministic: the same spec gives the same rows.
type CitySpec struct {
	Code, Name string // the city's unit code and name: "TP", "Thành phố Mẫu"
	Wards      int    // wards of the city: "Phường 1", …
	Groups     int    // residential groups of each ward: "Tổ dân phố 1", …
	Residents  int    // residents, spread over the groups
	Families   int    // percent of residents who check in for a family member (a third of them for two)
	Days       int    // days of check-ins, the last one LastDay
	LastDay    string // local YYYY-MM-DD; "" for today in TZ
	// CheckinShare is the percent of days each resident checks in.
	CheckinShare int
	Deeds        int    // good deeds reported, spread over the days
	Requests     int    // help requests, spread over the days
	TZ           string // IANA time zone of the units; "" for Asia/Ho_Chi_Minh
}

// DefaultCity is the city of the city-scale benchmarks: 30 wards of 20
// groups each, 100,000 residents (some 13,000 family members) who check
// in on about 39% of 90 days (about 3.8 million check-ins, 3.4 million
// of them the residents' own), 20,000 deeds and 3,000 help requests,
// ending today.
var DefaultCity = CitySpec{Code: "TP", Name: "Thành phố Mẫu", Wards: 30, Groups: 20, Residents: 100_000,
	Families: 10, Days: 90, CheckinShare: 39, Deeds: 20_000, Requests: 3_000, TZ: "Asia/Ho_Chi_Minh"}

// cityEndHour is the local hour of LastDay by which everything the
// fixture records has happened: a benchmark reading it "now" should
// take a time after it.
const cityEndHour = 20

// CityEnd returns the instant by which everything GenerateCity records
// for spec has happened: 20:00 local time on its last day.
func (spec CitySpec) CityEnd() (time.Time, error) {
	loc, last, err := spec.resolve()
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(last.Year(), last.Month(), last.Day(), cityEndHour, 0, 0, 0, loc), nil
}

// resolve returns the spec's time zone and last day (midnight, local).
func (spec CitySpec) resolve() (*time.Location, time.Time, error) {
	tz := spec.TZ
	if tz == "" {
		tz = "Asia/Ho_Chi_Minh"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("city: time zone %q: %w", tz, ErrInvalid)
	}
	day := spec.LastDay
	if day == "" {
		day = time.Now().In(loc).Format(time.DateOnly)
	}
	last, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("city: last day %q: %w", day, ErrInvalid)
	}
	return loc, last, nil
}

// cityBatch is the running state of one GenerateCity.
type cityBatch struct {
	spec       CitySpec
	loc        *time.Location
	firstDay   time.Time
	first, end int64 // ms: midnight of the first day, the fixture's end
	cityID     int64
}

// GenerateCity fills an empty database with the city of spec, as a
// fixture for benchmarks and demonstrations, never for real use: units,
// residents (3% stopped and 1% blocked the bot on some day), family
// members, check-ins, deeds (with statuses and campaign points), help
// requests, the city's running campaign with its criteria, and two
// green-zone statuses set by hand. It writes in three transactions of
// plain SQL (INSERT … SELECT over generated numbers). The triggers that
// count check-ins into unit_days, and the index of check-ins by unit and
// day, are set aside during the bulk insert and put back from their own
// SQL, and unit_days is rebuilt with one GROUP BY, as 011_campaigns
// builds it: the same rows as the triggers would have kept, in about 28 s
// for DefaultCity on a 2-core machine, against 41 to 51 s with the
// triggers on (BENCHMARKS.md, 2026-12-02). It returns ErrConflict when the database has units or
// residents already, ErrInvalid for a bad spec.
func (db *DB) GenerateCity(ctx context.Context, spec CitySpec) error {
	if spec.Wards < 1 || spec.Groups < 1 || spec.Residents < 1 || spec.Days < 1 || spec.Code == "" ||
		spec.CheckinShare < 0 || spec.CheckinShare > 100 || spec.Families < 0 || spec.Families > 100 ||
		spec.Deeds < 0 || spec.Requests < 0 {
		return fmt.Errorf("generate city: spec %+v: %w", spec, ErrInvalid)
	}
	loc, last, err := spec.resolve()
	if err != nil {
		return fmt.Errorf("generate city: %w", err)
	}
	firstDay := last.AddDate(0, 0, -(spec.Days - 1))
	end := time.Date(last.Year(), last.Month(), last.Day(), cityEndHour, 0, 0, 0, loc)
	b := &cityBatch{spec: spec, loc: loc, firstDay: firstDay, first: ms(firstDay), end: ms(end)}
	b.spec.LastDay, b.spec.TZ = last.Format(time.DateOnly), loc.String()
	record := func(tx *Tx) error {
		spec, err := json.Marshal(b.spec)
		if err != nil {
			return err
		}
		return tx.SetSetting(citySetting, spec)
	}
	for _, step := range []func(*Tx) error{b.people, b.doses, b.checkins, b.activity, record} {
		if err := db.Update(ctx, step); err != nil {
			return fmt.Errorf("generate city: %w", err)
		}
		// Keep the WAL from growing by one large transaction after another.
		if _, err := db.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return fmt.Errorf("generate city: checkpoint: %w", err)
		}
	}
	for _, t := range []string{"city_days", "city_groups"} {
		if _, err := db.write.ExecContext(ctx, `DROP TABLE IF EXISTS temp.`+t); err != nil {
			return fmt.Errorf("generate city: %w", err)
		}
	}
	return nil
}

// citySetting is where GenerateCity records the spec of the city it
// made (JSON, with its last day): a database without it holds no city.
const citySetting = "city_fixture"

// City returns the spec of the city GenerateCity made in the database,
// its LastDay and TZ filled in; ErrNotFound when the database holds none
// (a benchmark must never take a real database for its fixture).
func (db *DB) City(ctx context.Context) (CitySpec, error) {
	var spec CitySpec
	err := db.View(ctx, func(tx *Tx) error {
		v, err := tx.Setting(citySetting)
		if err != nil {
			return err
		}
		return json.Unmarshal(v, &spec)
	})
	if err != nil {
		return CitySpec{}, fmt.Errorf("city: %w", err)
	}
	return spec, nil
}

// gen runs one statement of the generator, outside the statement cache.
func (tx *Tx) gen(query string, args ...any) error {
	_, err := tx.tx.ExecContext(tx.ctx, query, args...)
	return err
}

// tables (re)creates the temporary tables the generator's statements
// join: the days, with their local midnight, and the groups, numbered.
func (b *cityBatch) tables(tx *Tx) error {
	for _, q := range []string{`DROP TABLE IF EXISTS temp.city_days`, `DROP TABLE IF EXISTS temp.city_groups`,
		`CREATE TEMP TABLE city_days (k INTEGER PRIMARY KEY, day TEXT NOT NULL, start_ms INTEGER NOT NULL)`,
		`CREATE TEMP TABLE city_groups (k INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, ward_k INTEGER NOT NULL)`} {
		if err := tx.gen(q); err != nil {
			return fmt.Errorf("temporary tables: %w", err)
		}
	}
	for k := range b.spec.Days {
		d := b.firstDay.AddDate(0, 0, k)
		if err := tx.gen(`INSERT INTO city_days (k, day, start_ms) VALUES (?, ?, ?)`, k, d.Format(time.DateOnly), ms(d)); err != nil {
			return fmt.Errorf("days: %w", err)
		}
	}
	return tx.gen(`INSERT INTO city_groups (k, id, ward_k)
		SELECT row_number() OVER (ORDER BY w.position, w.id, g.position, g.id) - 1, g.id,
			dense_rank() OVER (ORDER BY w.position, w.id) - 1
		FROM units c JOIN units w ON w.parent_id = c.id JOIN units g ON g.parent_id = w.id WHERE c.code = ?`, b.spec.Code)
}

// hashSQL is a pseudo-random number in [0, 65536) drawn from the
// integer SQL expression x (≥ 0): the high bits of its product with a
// 31-bit golden-ratio constant (Fibonacci hashing), kept below 2^63.
func hashSQL(x string) string {
	return "(((((" + x + ") % 2147483648) * 1327217885) % 2147483648) >> 15)"
}

// jsonList is a JSON array of words, for json_extract(?, '$[i]').
func jsonList(words ...string) string {
	b, _ := json.Marshal(words)
	return string(b)
}

// Words the generator draws from.
var (
	cityFamilyNames = jsonList("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
		"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
	cityMiddleNames = jsonList("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Đức", "Hoài", "Quốc")
	cityGivenNames  = jsonList("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Hương", "Khánh",
		"Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến")
	cityElders   = jsonList("Bà nội", "Ông nội", "Bà ngoại", "Ông ngoại", "Mẹ", "Bố")
	cityChildren = jsonList("Bé Na", "Bé Bin", "Bé Su", "Bé Tôm", "Bé Gạo", "Bé Mít")
	citySymptoms = jsonList("fever", "cough", "fever,cough", "taste", "breath", "other")
	cityDeeds    = jsonList(
		"Đi chợ giúp cụ bà neo đơn trong tổ suốt tuần giãn cách.",
		"Nấu cơm và mang nước cho tổ tiêm vắc xin ở nhà văn hóa phường.",
		"Góp 50 kg gạo và 10 thùng mì cho các hộ khó khăn của khu phố.",
		"Nhắc bà con đeo khẩu trang, giữ khoảng cách khi xếp hàng lấy mẫu xét nghiệm.",
		"Làm 'ATM gạo' tự động đặt trước cổng, ai cần thì lấy.")
	cityRequests = jsonList(
		"Nhà hết gạo, cần hỗ trợ lương thực trong tuần này.",
		"Cần mua thuốc hạ sốt cho người già trong nhà.",
		"Người nhà khó thở, cần nhân viên y tế tới kiểm tra.",
		"Cần người giúp đưa cháu nhỏ đi tiêm.")
)

// people writes the units, the residents and their family members, in
// a database found empty.
func (b *cityBatch) people(tx *Tx) error {
	var n int64
	if err := tx.queryRow(`SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM residents)`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("the database is not empty: %w", ErrConflict)
	}
	if err := b.units(tx); err != nil {
		return err
	}
	if err := b.tables(tx); err != nil {
		return err
	}
	saved, err := setAside(tx, peopleTriggers)
	if err != nil {
		return err
	}
	if err := b.residents(tx); err != nil {
		return err
	}
	if err := tx.gen(`DELETE FROM unit_people`); err != nil {
		return err
	}
	if err := tx.gen(unitPeopleRebuild); err != nil {
		return fmt.Errorf("unit people: %w", err)
	}
	return restore(tx, saved)
}

// peopleTriggers keep the count of each unit's people (unit_people): set
// aside while the residents and their families are written in bulk, the
// count then rebuilt as 017_unit_people builds it.
var peopleTriggers = []string{"residents_people_insert", "residents_people_update", "residents_people_delete",
	"dependants_people_insert", "dependants_people_delete", "dependants_people_move"}

// unitPeopleCount counts the people of each unit from scratch: what the
// triggers of 017_unit_people keep in unit_people.
const unitPeopleCount = `SELECT r.unit_id, count(*) + COALESCE(sum((SELECT count(*) FROM dependants d WHERE d.resident_id = r.id)), 0)
	FROM residents r
	WHERE r.unit_id IS NOT NULL AND r.stopped_at IS NULL AND r.blocked_at IS NULL
	GROUP BY r.unit_id`

// unitPeopleRebuild fills unit_people from scratch.
const unitPeopleRebuild = `INSERT INTO unit_people (unit_id, people) ` + unitPeopleCount

// units imports the tree and sets its time zone.
func (b *cityBatch) units(tx *Tx) error {
	s := b.spec
	var csv strings.Builder
	csv.WriteString("code,name,kind,parent_code\n")
	fmt.Fprintf(&csv, "%s,%s,city,\n", s.Code, s.Name)
	for w := 1; w <= s.Wards; w++ {
		ward := fmt.Sprintf("%s-P%02d", s.Code, w)
		fmt.Fprintf(&csv, "%s,Phường %d,ward,%s\n", ward, w, s.Code)
		for g := 1; g <= s.Groups; g++ {
			fmt.Fprintf(&csv, "%s-T%02d,Tổ dân phố %d,group,%s\n", ward, g, g, ward)
		}
	}
	rows, probs, err := readUnitRows(strings.NewReader(csv.String()))
	if err == nil {
		err = probs.err()
	}
	if err != nil {
		return fmt.Errorf("units: %w", err)
	}
	if _, err := tx.importUnitRows(rows, nil); err != nil {
		return fmt.Errorf("units: %w", err)
	}
	if err := tx.gen(`UPDATE units SET tz = ?`, b.loc.String()); err != nil {
		return fmt.Errorf("units: %w", err)
	}
	return nil
}

// residents writes the residents (spread over the groups, joined before
// the first day; 3% stopped and 1% blocked the bot on some day since)
// and their family members.
func (b *cityBatch) residents(tx *Tx) error {
	h := func(salt int) string { return hashSQL(fmt.Sprintf("i * %d + %d", 40503+2*salt, salt)) }
	const day = 86400000
	err := tx.gen(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
		INSERT INTO residents (id, platform, platform_user_id, chat_id, name, username, language, platform_language,
			unit_id, phone, joined_at, stopped_at, blocked_at, created_at, updated_at, last_seen_at)
		SELECT i, p, uid, uid, name, '', lang, CASE lang WHEN 'en' THEN 'en' ELSE 'vi' END, unit, phone,
			joined, stopped, blocked, joined - 600000, coalesce(stopped, blocked, joined), coalesce(stopped, blocked, ?3 - 3600000)
		FROM (SELECT i, CASE WHEN `+h(1)+` % 10 = 0 THEN 'zalo' ELSE 'telegram' END AS p,
			CASE WHEN `+h(1)+` % 10 = 0 THEN printf('zl%015d', i) ELSE printf('%d', 7000000000 + i) END AS uid,
			json_extract(?4, '$[' || (`+h(2)+` % json_array_length(?4)) || ']') || ' ' ||
				json_extract(?5, '$[' || (`+h(3)+` % json_array_length(?5)) || ']') || ' ' ||
				json_extract(?6, '$[' || (`+h(4)+` % json_array_length(?6)) || ']') AS name,
			CASE WHEN `+h(5)+` % 100 < 3 THEN 'en' WHEN `+h(5)+` % 100 < 40 THEN 'vi' ELSE '' END AS lang,
			(SELECT id FROM city_groups WHERE k = `+h(6)+` % ?7) AS unit,
			CASE WHEN `+h(7)+` % 10 < 3 THEN printf('09%08d', `+h(8)+` * 1000 + i % 1000) ELSE '' END AS phone,
			?2 - (1 + i % 30) * `+fmt.Sprint(day)+` + 28800000 AS joined,
			CASE WHEN `+h(9)+` % 100 < 3 THEN ?2 + (`+h(10)+` % ?8) * `+fmt.Sprint(day)+` + 36000000 END AS stopped,
			CASE WHEN `+h(9)+` % 100 = 3 THEN ?2 + (`+h(10)+` % ?8) * `+fmt.Sprint(day)+` + 39600000 END AS blocked
			FROM n)`,
		b.spec.Residents, b.first, b.end, cityFamilyNames, cityMiddleNames, cityGivenNames,
		b.spec.Wards*b.spec.Groups, b.spec.Days)
	if err != nil {
		return fmt.Errorf("residents: %w", err)
	}
	hr := func(salt int) string { return hashSQL(fmt.Sprintf("r.id * %d + %d", 7919+2*salt, salt)) }
	err = tx.gen(`INSERT INTO dependants (resident_id, name, created_at)
		SELECT r.id, json_extract(?2, '$[' || (`+hr(1)+` % json_array_length(?2)) || ']'), r.joined_at + 3600000
		FROM residents r WHERE `+hr(2)+` % 100 < ?1
		UNION ALL
		SELECT r.id, json_extract(?3, '$[' || (`+hr(3)+` % json_array_length(?3)) || ']'), r.joined_at + 7200000
		FROM residents r WHERE `+hr(2)+` % 300 < ?1
		ORDER BY 1`, b.spec.Families, cityElders, cityChildren)
	if err != nil {
		return fmt.Errorf("family members: %w", err)
	}
	return nil
}

// doses records vaccine doses as a ward saw them in late 2021: three in
// four residents with a first dose, three in five with a second, one in
// five with a third; a family member one dose less often.
func (b *cityBatch) doses(tx *Tx) error {
	hr := func(salt int) string { return hashSQL(fmt.Sprintf("r.id * %d + %d", 7927+2*salt, salt)) }
	err := tx.gen(`INSERT INTO doses (resident_id, dependant_id, dose, given_on, created_at)
		SELECT r.id, 0, n.dose, date(r.joined_at / 1000 - 86400 * (120 - 30 * n.dose), 'unixepoch'), r.joined_at
		FROM residents r JOIN (SELECT 1 AS dose, 75 AS share UNION ALL SELECT 2, 60 UNION ALL SELECT 3, 20) n
		WHERE ` + hr(1) + ` % 100 < n.share
		UNION ALL
		SELECT d.resident_id, d.id, n.dose, date(d.created_at / 1000 - 86400 * (120 - 30 * n.dose), 'unixepoch'), d.created_at
		FROM dependants d JOIN (SELECT 1 AS dose, 60 AS share UNION ALL SELECT 2, 45) n
		WHERE (d.id * 7949 + 3) % 100 < n.share
		ORDER BY 1, 2, 3`)
	if err != nil {
		return fmt.Errorf("doses: %w", err)
	}
	return nil
}

// countingTriggers are the triggers that keep unit_days, and the index
// of check-ins by unit and day: set aside during the bulk insert, put
// back as they were.
var countingTriggers = []string{"checkins_count_insert", "checkins_count_delete", "checkins_count_update",
	"checkins_unit_day_time"}

// checkins writes the check-ins of every resident (on CheckinShare
// percent of the days before the day they stopped) and of their family
// members (on 80% of those days), resident by resident (the unique index
// grows at its end), with the counting triggers and the index by unit
// and day set aside; then it rebuilds unit_days, as 011_campaigns builds
// it, and puts the triggers and the index back.
func (b *cityBatch) checkins(tx *Tx) error {
	if err := b.tables(tx); err != nil {
		return err
	}
	if err := b.members(tx); err != nil {
		return err
	}
	saved, err := setAside(tx, countingTriggers)
	if err != nil {
		return fmt.Errorf("check-ins: %w", err)
	}
	hc := hashSQL("m.rid * 40503 + d.k * 1999 + 11")
	at := `d.start_ms + 21600000 + (` + hc + ` % 21600) * 1000 + (m.dep > 0) * 60000`
	// F0 in a third of the wards throughout, in another third only until
	// three weeks before the end (green again), none in the rest.
	err = tx.gen(`INSERT INTO checkins (resident_id, dependant_id, unit_id, day, health, symptoms, pledge_5k, need,
			created_at, updated_at)
		SELECT m.rid, m.dep, m.unit, d.day, h.health, h.symptoms, `+hashSQL("m.rid * 31 + d.k * 17 + 5")+` % 10 < 8,
			h.need, `+at+`, `+at+`
		FROM city_members m CROSS JOIN city_days d CROSS JOIN city_health h
		WHERE `+hc+` % 100 < ?1
			AND (m.dep = 0 OR `+hashSQL("m.dep * 6007 + d.k * 13 + 7")+` % 100 < 80)
			AND (m.until IS NULL OR d.start_ms + 86400000 <= m.until)
			AND h.v = `+hashSQL("m.rid * 7919 + m.dep * 31 + d.k * 104729 + 3")+` % 1000
				+ CASE WHEN m.ward_k % 3 = 0 OR m.ward_k % 3 = 1 AND d.k < ?2 - 21 THEN 0 ELSE 1000 END
		ORDER BY m.rid, m.dep, d.k`, b.spec.CheckinShare, b.spec.Days)
	if err != nil {
		return fmt.Errorf("check-ins: %w", err)
	}
	for _, q := range []string{`DROP TABLE temp.city_members`, `DROP TABLE temp.city_health`, `DELETE FROM unit_days`,
		`INSERT INTO unit_days (unit_id, day, checkins, symptoms, f0, f1)
		SELECT unit_id, day, count(*), sum(health = 'symptoms'), sum(health = 'f0'), sum(health = 'f1')
		FROM checkins GROUP BY unit_id, day`} {
		if err := tx.gen(q); err != nil {
			return fmt.Errorf("unit days: %w", err)
		}
	}
	if err := restore(tx, saved); err != nil {
		return fmt.Errorf("check-ins: %w", err)
	}
	return nil
}

// members makes the temporary tables of everyone who checks in (each
// resident and family member, with their unit, their ward's number and
// the day the resident stopped) and of what a check-in holds by a number
// drawn in [0, 1000): in a ward with F0 cases (below 1000) or without
// (from 1000).
func (b *cityBatch) members(tx *Tx) error {
	for _, q := range []string{`DROP TABLE IF EXISTS temp.city_members`, `DROP TABLE IF EXISTS temp.city_health`,
		`CREATE TEMP TABLE city_members (rid INTEGER NOT NULL, dep INTEGER NOT NULL, unit INTEGER NOT NULL,
			ward_k INTEGER NOT NULL, until INTEGER, PRIMARY KEY (rid, dep)) WITHOUT ROWID`,
		`INSERT INTO city_members SELECT r.id, 0, r.unit_id, g.ward_k, coalesce(r.stopped_at, r.blocked_at)
			FROM residents r JOIN city_groups g ON g.id = r.unit_id
			UNION ALL SELECT r.id, dp.id, r.unit_id, g.ward_k, coalesce(r.stopped_at, r.blocked_at)
			FROM dependants dp JOIN residents r ON r.id = dp.resident_id JOIN city_groups g ON g.id = r.unit_id`,
		`CREATE TEMP TABLE city_health (v INTEGER PRIMARY KEY, health TEXT, symptoms TEXT, need TEXT)`,
		`WITH RECURSIVE n(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM n WHERE v < 1999),
			x AS (SELECT v, CASE WHEN v < 1 THEN 'f0' WHEN v % 1000 < 13 THEN 'f1' WHEN v % 1000 < 43 THEN 'symptoms'
				ELSE 'well' END AS health FROM n)
		INSERT INTO city_health SELECT v, health,
			CASE health WHEN 'f0' THEN 'fever,cough' WHEN 'symptoms' THEN json_extract(` + "'" + citySymptoms + "'" + `, '$[' || (v % 6) || ']')
				ELSE '' END,
			CASE WHEN health <> 'well' AND v % 4 = 0 THEN 'medicine' WHEN v % 1000 BETWEEN 900 AND 904 THEN 'food'
				ELSE 'none' END
		FROM x`} {
		if err := tx.gen(q); err != nil {
			return fmt.Errorf("check-ins: %w", err)
		}
	}
	return nil
}

// setAside drops the named triggers and indexes that exist, and returns
// their SQL as the schema holds it, for restore.
func setAside(tx *Tx, names []string) ([][2]string, error) {
	var saved [][2]string
	for _, name := range names {
		var kind, text string
		err := tx.tx.QueryRowContext(tx.ctx, `SELECT type, sql FROM sqlite_master WHERE name = ? AND sql IS NOT NULL`,
			name).Scan(&kind, &text)
		if errors.Is(err, sql.ErrNoRows) {
			continue // not in this schema
		}
		if err != nil {
			return nil, err
		}
		if err := tx.gen(`DROP ` + strings.ToUpper(kind) + ` ` + name); err != nil {
			return nil, err
		}
		saved = append(saved, [2]string{name, text})
	}
	return saved, nil
}

// restore creates again what setAside dropped, from its own SQL.
func restore(tx *Tx, saved [][2]string) error {
	for _, s := range saved {
		if err := tx.gen(s[1]); err != nil {
			return fmt.Errorf("restore %s: %w", s[0], err)
		}
	}
	return nil
}

// activity writes the city's campaign, the deeds reported under it, the
// help requests and two zone statuses set by hand.
func (b *cityBatch) activity(tx *Tx) error {
	if err := b.tables(tx); err != nil {
		return err
	}
	err := tx.queryRow(`SELECT id FROM units WHERE code = ?`, b.spec.Code).Scan(&b.cityID)
	if err != nil {
		return fmt.Errorf("city: %w", err)
	}
	criteria := []Criterion{{"Giúp đỡ bà con khó khăn", 3}, {"Tiếp sức lực lượng tuyến đầu", 3},
		{"Ủng hộ vật chất, trang thiết bị phòng, chống dịch", 2}, {"Gương mẫu chấp hành quy định phòng, chống dịch", 1},
		{"Sáng kiến, cách làm hay", 4}}
	first := time.UnixMilli(b.first).In(b.loc)
	c, err := tx.SaveCampaign(Campaign{UnitID: b.cityID, Title: "Toàn dân đoàn kết, chung sức phòng, chống dịch",
		Slogan: "Mỗi người dân là một chiến sĩ, mỗi gia đình là một pháo đài chống dịch",
		Starts: first.Format(time.DateOnly), Ends: first.AddDate(0, 0, b.spec.Days+29).Format(time.DateOnly),
		Template: "covid2021", Tasks: []string{"Khai báo sức khỏe hằng ngày.", "Giúp nhau vượt qua khó khăn.",
			"Giữ địa bàn là “vùng xanh”."}, Criteria: criteria})
	if err != nil {
		return err
	}
	labels, points := make([]string, len(criteria)), make([]int, len(criteria))
	for i, k := range criteria {
		labels[i], points[i] = k.Label, k.Points
	}
	if err := b.deeds(tx, c.ID, jsonList(labels...), points); err != nil {
		return err
	}
	if err := b.requests(tx); err != nil {
		return err
	}
	wards, err := tx.Children(b.cityID)
	if err != nil {
		return err
	}
	if len(wards) >= 3 {
		if err := tx.SetZoneStatus(ZoneStatus{UnitID: wards[0].ID, Green: true,
			Reason: "Đã khoanh vùng, các ca F0 đều đã cách ly tập trung"}); err != nil {
			return err
		}
		if err := tx.SetZoneStatus(ZoneStatus{UnitID: wards[2].ID, Green: false,
			Reason: "Chợ đầu mối đang tạm đóng cửa để truy vết"}); err != nil {
			return err
		}
	}
	return nil
}

// deeds writes the deeds: by residents drawn at random, on days drawn at
// random, under the campaign's criteria; 60% approved, 12% commended,
// 13% rejected, the rest (and half of the last two days') pending.
func (b *cityBatch) deeds(tx *Tx, campaign int64, labels string, points []int) error {
	h := func(salt int) string { return hashSQL(fmt.Sprintf("i * %d + %d", 104729+2*salt, salt)) }
	pts, _ := json.Marshal(points)
	err := tx.gen(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1),
		x AS (SELECT i, (SELECT min(id) FROM residents) + `+h(1)+` % ?2 AS rid, `+h(2)+` % ?3 AS k,
			`+h(3)+` % json_array_length(?4) AS c, `+h(4)+` % 100 AS s, `+h(5)+` AS t FROM n),
		y AS (SELECT x.*, r.unit_id, r.name, d.start_ms + 25200000 + (t % 28800) * 1000 AS at,
			CASE WHEN x.k >= ?3 - 2 AND s % 2 = 0 THEN 'pending' WHEN s < 60 THEN 'approved' WHEN s < 72 THEN 'commended'
				WHEN s < 85 THEN 'rejected' ELSE 'pending' END AS status
			FROM x JOIN residents r ON r.id = x.rid JOIN city_days d ON d.k = x.k)
		INSERT INTO deeds (resident_id, unit_id, category, category_label, subject, subject_name, subject_unit_id,
			description, status, reason, decided_by, decided_at, created_at, reporter_consent, subject_consent,
			campaign_id, points)
		SELECT rid, unit_id, 'k' || (c + 1), json_extract(?4, '$[' || c || ']'),
			CASE WHEN s % 3 = 0 THEN 'other' ELSE 'self' END,
			CASE WHEN s % 3 = 0 THEN json_extract(?6, '$[' || (t % json_array_length(?6)) || ']') || ' '
				|| json_extract(?7, '$[' || (t % json_array_length(?7)) || ']') ELSE '' END,
			NULL, json_extract(?8, '$[' || (t % json_array_length(?8)) || ']'), status,
			CASE status WHEN 'rejected' THEN 'Chưa đủ thông tin để xác nhận.' ELSE '' END, NULL,
			CASE WHEN status <> 'pending' THEN at + (1 + t % 4) * 3600000 END, at,
			CASE WHEN status = 'commended' THEN t % 3 <> 0 END, CASE WHEN status = 'commended' AND s % 3 = 0 THEN t % 2 END,
			?5, json_extract(?9, '$[' || c || ']')
		FROM y ORDER BY at`,
		b.spec.Deeds, b.spec.Residents, b.spec.Days, labels, campaign, cityFamilyNames, cityGivenNames, cityDeeds,
		string(pts))
	if err != nil {
		return fmt.Errorf("deeds: %w", err)
	}
	return nil
}

// requests writes the help requests: 85% resolved (between half an hour
// and 40 hours after, unless that is after the end: then claimed), 7%
// claimed, the rest open.
func (b *cityBatch) requests(tx *Tx) error {
	h := func(salt int) string { return hashSQL(fmt.Sprintf("i * %d + %d", 130363+2*salt, salt)) }
	err := tx.gen(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1),
		x AS (SELECT i, (SELECT min(id) FROM residents) + `+h(1)+` % ?2 AS rid, `+h(2)+` % ?3 AS k,
			`+h(3)+` % 4 AS kind, `+h(4)+` % 100 AS s, `+h(5)+` AS t FROM n),
		y AS (SELECT x.*, r.unit_id, r.phone, d.start_ms + 21600000 + (t % 43200) * 1000 AS at,
			1800000 + (t % 40) * 3600000 AS took
			FROM x JOIN residents r ON r.id = x.rid JOIN city_days d ON d.k = x.k),
		z AS (SELECT y.*, CASE WHEN s < 85 AND at + took <= ?4 THEN 'resolved' WHEN s < 92 THEN 'claimed'
			ELSE 'open' END AS status FROM y)
		INSERT INTO help_requests (resident_id, unit_id, kind, description, phone, source, status, notified_unit_id,
			escalated_at, claimed_by, claimed_at, resolved_by, resolved_at, created_at)
		SELECT rid, unit_id, json_extract('["food","medicine","medical","other"]', '$[' || kind || ']'),
			json_extract(?5, '$[' || kind || ']'), phone, CASE WHEN s % 5 < 2 THEN 'checkin' ELSE 'support' END,
			status, unit_id, CASE WHEN took > 14400000 AND at + 14400000 <= ?4 THEN at + 14400000 END,
			NULL, CASE WHEN status <> 'open' THEN at + min(took, 1800000) END,
			NULL, CASE WHEN status = 'resolved' THEN at + took END, at
		FROM z ORDER BY at`, b.spec.Requests, b.spec.Residents, b.spec.Days, b.end, cityRequests)
	if err != nil {
		return fmt.Errorf("help requests: %w", err)
	}
	return nil
}
