package handlers

// viCommon holds Vietnamese words several features share: durations.
var viCommon = map[string]string{
	"time.minute":       "%d phút",
	"time.under_minute": "dưới 1 phút",
	"time.about":        "khoảng %s",
	"time.minutes":      "%d phút",
	"time.hour":         "%d giờ",
	"time.hours":        "%d giờ",
	"time.day":          "%d ngày",
	"time.days":         "%d ngày",
}

// enCommon holds the English words several features share.
var enCommon = map[string]string{
	"time.minute":       "%d minute",
	"time.under_minute": "under a minute",
	"time.about":        "about %s",
	"time.minutes":      "%d minutes",
	"time.hour":         "%d hour",
	"time.hours":        "%d hours",
	"time.day":          "%d day",
	"time.days":         "%d days",
}
