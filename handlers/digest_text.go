package handlers

// viDigest and enDigest are the words of /digest.
var viDigest = map[string]string{}

var enDigest = map[string]string{}
