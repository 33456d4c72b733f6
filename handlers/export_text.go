package handlers

// viExport and enExport are the words of /export.
var viExport = map[string]string{}

var enExport = map[string]string{}
