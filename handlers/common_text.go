package handlers

var _ = addMessages(viCommon, enCommon)

// viCommon holds Vietnamese words several features share: durations.
var viCommon = map[string]string{
	"time.minutes":    "%d phút",
	"time.hours":      "%d giờ",
	"time.days":       "%d ngày",
	"time.days_hours": "%d ngày %d giờ",
}

// enCommon holds the English words several features share.
var enCommon = map[string]string{
	"time.minutes":    "%d minutes",
	"time.hours":      "%d hours",
	"time.days":       "%d days",
	"time.days_hours": "%d days %d hours",
}
