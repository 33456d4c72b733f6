package handlers

// viCommon holds Vietnamese words several features share: durations (the
// counted ones, "%d phút", are plural messages in catalog_plural.go).
var viCommon = map[string]string{
	"time.under_minute": "dưới 1 phút",
	"time.about":        "khoảng %s",
}

// enCommon holds the English words several features share.
var enCommon = map[string]string{
	"time.under_minute": "under a minute",
	"time.about":        "about %s",
}
